import { type Role, roleNeedsUnit } from '@cchc/domain/access/roles';
import type { UserView } from '@cchc/domain/api/users';
import { LIMITS, USERNAME_PATTERN } from '@cchc/domain/validation';
import { App, Form, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { FormModal } from '../../../components/ui/form-modal';
import { applyApiError } from '../../../lib/forms';
import { useLang, useT } from '../../../lib/i18n';
import { useUnits } from '../../../lib/organisation';
import { useCreateUser, useUpdateUser } from '../api';
import { useUsersT } from '../i18n';
import { PasswordField } from './password-field';
import { type GrantValue, RoleGrantsField } from './role-grants-field';

interface UserValues {
  username: string;
  fullName: string;
  email?: string;
  password: string;
  roles: GrantValue[];
  homeUnitId?: string | null;
}

function toGrants(values: GrantValue[]): { role: Role; unitId: string | null }[] {
  return values.flatMap((g) =>
    g.role ? [{ role: g.role, unitId: roleNeedsUnit(g.role) ? (g.unitId ?? null) : null }] : [],
  );
}

/**
 * Đơn vị công tác: optional and clearable. Active units are offered; a unit deactivated since it
 * was recorded stays shown (disabled) so that editing other fields keeps it.
 */
function HomeUnitField({ currentId }: { currentId: string | null }) {
  const ut = useUsersT();
  const units = useUnits({ includeInactive: true });
  const options = useMemo(
    () =>
      (units.data ?? [])
        .filter((u) => u.isActive || u.id === currentId)
        .map((u) => {
          const label = `${u.code} — ${u.name}`;
          return {
            value: u.id,
            label: u.isActive ? label : ut('homeUnit.inactive', { unit: label }),
            disabled: !u.isActive,
          };
        }),
    [units.data, currentId, ut],
  );
  return (
    <Form.Item label={ut('homeUnit.label')} name="homeUnitId" extra={ut('homeUnit.hint')}>
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={ut('homeUnit.placeholder')}
        loading={units.isPending}
        options={options}
        data-testid="user-home-unit"
      />
    </Form.Item>
  );
}

/**
 * Add (user = null) or edit a user: name, email, unit of work, role grants; a new user also gets
 * username and password.
 */
export function UserFormModal({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const [error, setError] = useState<string | null>(null);
  const create = useCreateUser();
  const update = useUpdateUser();
  const currentUnitIds = useMemo(
    () => (user?.roles ?? []).flatMap((g) => (g.unitId ? [g.unitId] : [])),
    [user],
  );

  const onFinish = (values: UserValues) => {
    setError(null);
    const email = values.email?.trim() ? values.email.trim() : null;
    const roles = toGrants(values.roles ?? []);
    // A cleared select gives undefined: the API takes null for "no unit of work".
    const homeUnitId = values.homeUnitId ?? null;
    const onError = (e: unknown) => setError(applyApiError(form, e, lang));
    if (user) {
      update.mutate(
        { id: user.id, patch: { fullName: values.fullName.trim(), email, roles, homeUnitId } },
        {
          onSuccess: (saved) => {
            void message.success(t('users.updated', { username: saved.username }));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        {
          username: values.username.trim(),
          fullName: values.fullName.trim(),
          email,
          password: values.password,
          roles,
          homeUnitId,
        },
        {
          onSuccess: (saved) => {
            void message.success(t('users.created', { username: saved.username }));
            onClose();
          },
          onError,
        },
      );
    }
  };

  return (
    <FormModal<UserValues>
      title={user ? t('users.editTitle', { username: user.username }) : t('users.addTitle')}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={create.isPending || update.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      width={680}
      testId="user-form"
      initialValues={
        user
          ? {
              fullName: user.fullName,
              email: user.email ?? '',
              roles: user.roles.map((g) => ({ role: g.role, unitId: g.unitId })),
              homeUnitId: user.homeUnitId ?? undefined,
            }
          : { roles: [{ unitId: null }] }
      }
    >
      {user ? null : (
        <Form.Item
          label={t('users.username')}
          name="username"
          extra={t('users.usernameHint')}
          normalize={(value: string) => value.toLowerCase().replace(/\s/g, '')}
          rules={[
            { required: true, message: t('common.required') },
            { min: LIMITS.usernameMin, message: t('users.usernameMin', { min: LIMITS.usernameMin }) },
            { max: LIMITS.usernameMax, message: t('common.maxLength', { max: LIMITS.usernameMax }) },
            { pattern: USERNAME_PATTERN, message: t('users.usernameInvalid') },
          ]}
        >
          <Input autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={LIMITS.usernameMax} />
        </Form.Item>
      )}
      <Form.Item
        label={t('users.fullName')}
        name="fullName"
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { max: LIMITS.fullNameMax, message: t('common.maxLength', { max: LIMITS.fullNameMax }) },
        ]}
      >
        <Input autoComplete="off" maxLength={LIMITS.fullNameMax} />
      </Form.Item>
      <Form.Item
        label={t('users.email')}
        name="email"
        rules={[
          { type: 'email', message: t('users.emailInvalid') },
          { max: LIMITS.emailMax, message: t('common.maxLength', { max: LIMITS.emailMax }) },
        ]}
      >
        <Input type="email" autoComplete="off" maxLength={LIMITS.emailMax} />
      </Form.Item>
      {user ? null : (
        <PasswordField
          form={form}
          name="password"
          label={t('users.password')}
          extra={t('users.passwordHint', { min: LIMITS.passwordMin })}
          username={() => form.getFieldValue('username')}
        />
      )}
      <HomeUnitField currentId={user?.homeUnitId ?? null} />
      <RoleGrantsField form={form} currentUnitIds={currentUnitIds} />
    </FormModal>
  );
}
