import type { UserView } from '@cchc/domain/api/users';
import { LIMITS } from '@cchc/domain/validation';
import { Alert, App, Form } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../../components/ui/form-modal';
import { applyApiError } from '../../../lib/forms';
import { useLang, useT } from '../../../lib/i18n';
import { useResetPassword } from '../api';
import { PasswordField } from './password-field';

interface ResetValues {
  newPassword: string;
}

/** Sets a temporary password for a user (who must change it at next sign-in). */
export function ResetPasswordModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const [error, setError] = useState<string | null>(null);
  const reset = useResetPassword();

  const onFinish = (values: ResetValues) => {
    setError(null);
    reset.mutate(
      { id: user.id, newPassword: values.newPassword },
      {
        onSuccess: (saved) => {
          void message.success(t('users.passwordReset', { username: saved.username }), 6);
          onClose();
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <FormModal<ResetValues>
      title={t('users.resetTitle', { name: `${user.fullName} (${user.username})` })}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={reset.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      okText={t('users.resetPassword')}
      testId="reset-password-form"
    >
      <Alert type="info" showIcon title={t('users.resetHint')} style={{ marginBottom: 16 }} />
      <PasswordField
        form={form}
        name="newPassword"
        label={t('users.newPassword')}
        extra={t('password.hint', { min: LIMITS.passwordMin })}
        username={() => user.username}
      />
    </FormModal>
  );
}
