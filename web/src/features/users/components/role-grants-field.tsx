import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLE_LABELS, ROLES, type Role, roleNeedsUnit } from '@cchc/domain/access/roles';
import { Button, Flex, Form, type FormInstance, Select } from 'antd';
import { useMemo } from 'react';
import { useLang, useT } from '../../../lib/i18n';
import { useUnits } from '../../../lib/organisation';

export interface GrantValue {
  role?: Role;
  unitId?: string | null;
}

/**
 * Role grants as a list of {role, unit}. The unit select appears (and is required) only for roles
 * tied to a unit (focal officer, unit head); switching to another role clears it.
 */
export function RoleGrantsField({
  form,
  currentUnitIds = [],
}: {
  form: FormInstance;
  currentUnitIds?: string[];
}) {
  const t = useT();
  const lang = useLang();
  const units = useUnits({ includeInactive: true });

  const roleOptions = useMemo(() => ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] })), [lang]);
  const unitOptions = useMemo(
    () =>
      (units.data ?? [])
        .filter((u) => u.isActive || currentUnitIds.includes(u.id))
        .map((u) => ({ value: u.id, label: `${u.code} — ${u.name}`, disabled: !u.isActive })),
    [units.data, currentUnitIds],
  );

  return (
    <Form.List
      name="roles"
      rules={[
        {
          validator: async (_, grants: GrantValue[] | undefined) => {
            if (!grants || grants.length === 0) {
              throw new Error(t('users.rolesRequired'));
            }
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <fieldset style={{ border: 0, margin: 0, padding: 0 }} data-testid="role-grants">
          <legend style={{ fontWeight: 600, marginBottom: 8, fontSize: 14 }}>{t('users.roles')}</legend>
          {fields.map(({ key, name }, index) => (
            <Flex key={key} gap={8} align="flex-start" data-testid={`role-grant-${index}`}>
              <Form.Item
                label={t('users.roleN', { n: index + 1 })}
                name={[name, 'role']}
                rules={[{ required: true, message: t('common.requiredSelect') }]}
                style={{ flex: '1 1 50%', minWidth: 0, marginBottom: 12 }}
              >
                <Select<Role>
                  placeholder={t('users.selectRole')}
                  options={roleOptions}
                  onChange={(role) => {
                    if (!roleNeedsUnit(role)) {
                      form.setFieldValue(['roles', name, 'unitId'], null);
                    }
                  }}
                />
              </Form.Item>
              <Form.Item noStyle dependencies={[['roles', name, 'role']]}>
                {({ getFieldValue }) => {
                  const role = getFieldValue(['roles', name, 'role']) as Role | undefined;
                  return role && roleNeedsUnit(role) ? (
                    <Form.Item
                      label={t('users.unitN', { n: index + 1 })}
                      name={[name, 'unitId']}
                      rules={[{ required: true, message: t('users.unitRequired') }]}
                      style={{ flex: '1 1 50%', minWidth: 0, marginBottom: 12 }}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('users.selectUnit')}
                        loading={units.isPending}
                        options={unitOptions}
                      />
                    </Form.Item>
                  ) : (
                    <div style={{ flex: '1 1 50%' }} />
                  );
                }}
              </Form.Item>
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t('users.removeRole', { n: index + 1 })}
                title={t('users.removeRole', { n: index + 1 })}
                disabled={fields.length <= 1}
                onClick={() => remove(name)}
                style={{ marginTop: 30 }}
              />
            </Flex>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ unitId: null })}
            data-testid="role-grant-add"
          >
            {t('users.addRole')}
          </Button>
          <Form.ErrorList errors={errors} />
        </fieldset>
      )}
    </Form.List>
  );
}
