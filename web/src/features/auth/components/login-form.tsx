import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LIMITS } from '@cchc/domain/validation';
import { Alert, Button, Form, Input } from 'antd';
import { describeError } from '../../../lib/api-client';
import { useLogin } from '../../../lib/auth';
import { useLang, useT } from '../../../lib/i18n';

interface LoginValues {
  username: string;
  password: string;
}

/** Username + password; the server's message (wrong password, locked, disabled) shows in an Alert. */
export function LoginForm({ onSuccess, notice }: { onSuccess: () => void; notice?: string | undefined }) {
  const t = useT();
  const lang = useLang();
  const login = useLogin();
  const [form] = Form.useForm<LoginValues>();

  const onFinish = (values: LoginValues) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess,
        onError: () => form.setFieldValue('password', ''),
      },
    );
  };

  return (
    <Form<LoginValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={onFinish}
      disabled={login.isPending}
      data-testid="login-form"
    >
      {login.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('login.failed')}
          description={describeError(login.error, lang)}
          style={{ marginBottom: 16 }}
          data-testid="login-error"
        />
      ) : notice ? (
        <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />
      ) : null}
      <Form.Item
        label={t('login.username')}
        name="username"
        rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
      >
        <Input
          prefix={<UserOutlined aria-hidden />}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={LIMITS.usernameMax}
          autoFocus
        />
      </Form.Item>
      <Form.Item
        label={t('login.password')}
        name="password"
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password
          prefix={<LockOutlined aria-hidden />}
          autoComplete="current-password"
          maxLength={LIMITS.passwordMax}
        />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
