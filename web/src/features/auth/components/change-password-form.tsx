import { LIMITS, PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@cchc/domain/validation';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useChangePassword, useSession } from '../../../lib/auth';
import { applyApiError } from '../../../lib/forms';
import { pickLabel, useLang, useT } from '../../../lib/i18n';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Current, new and confirmed new password; the confirmation is checked here, the policy on both sides. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const change = useChangePassword();
  const username = useSession().data?.user.username;
  const [form] = Form.useForm<PasswordValues>();
  const [formError, setFormError] = useState<string | null>(null);

  const onFinish = (values: PasswordValues) => {
    setFormError(null);
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('password.changed'));
          onChanged();
        },
        onError: (error) => setFormError(applyApiError(form, error, lang)),
      },
    );
  };

  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      disabled={change.isPending}
      style={{ maxWidth: 440 }}
      data-testid="change-password-form"
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        label={t('password.current')}
        name="currentPassword"
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password autoComplete="current-password" maxLength={LIMITS.passwordMax} />
      </Form.Item>
      <Form.Item
        label={t('password.new')}
        name="newPassword"
        extra={t('password.hint', { min: LIMITS.passwordMin })}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: async (_, value: string | undefined) => {
              // The server's own policy (domain passwordProblem), so both refuse with the same words.
              const problem = value ? passwordProblem(value, username) : null;
              if (problem) {
                throw new Error(pickLabel(PASSWORD_PROBLEM_MESSAGES[problem], lang));
              }
            },
          },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value === getFieldValue('currentPassword')) {
                throw new Error(t('password.sameAsCurrent'));
              }
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={LIMITS.passwordMax} />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) {
                throw new Error(t('password.mismatch'));
              }
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={LIMITS.passwordMax} />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('password.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
