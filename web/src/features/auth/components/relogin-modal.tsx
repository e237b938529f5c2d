import { LockOutlined } from '@ant-design/icons';
import type { SessionInfo } from '@cchc/domain/api/auth';
import { LIMITS } from '@cchc/domain/validation';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { describeError } from '../../../lib/api-client';
import { SESSION_KEY, useRelogin } from '../../../lib/auth';
import { useLang, useT } from '../../../lib/i18n';
import { completeRelogin, dismissRelogin, useReloginOpen } from '../../../lib/session-recovery';

interface ReloginValues {
  password: string;
}

/**
 * "Phiên đăng nhập đã hết hạn": shown instead of the redirect to /login when the session is lost
 * while a page holds unsaved work (lib/session-recovery). The user types the password again and
 * stays on the page; "Để sau" closes the dialog and keeps the work on screen (still unsaved).
 * Mounted once, next to the router (app/router.tsx).
 */
export function ReloginModal() {
  const open = useReloginOpen();
  return open ? <ReloginDialog /> : null;
}

/**
 * Reads the cached session only when open (no query of its own), so that the public pages (no
 * login) never ask for /me and opening the dialog does not refetch the lost session.
 */
function ReloginDialog() {
  const queryClient = useQueryClient();
  const username = queryClient.getQueryData<SessionInfo | null>(SESSION_KEY)?.user.username ?? '';
  const t = useT();
  const lang = useLang();
  const relogin = useRelogin();
  const [form] = Form.useForm<ReloginValues>();

  const onFinish = (values: ReloginValues) => {
    relogin.mutate(
      { username, password: values.password },
      {
        onSuccess: () => completeRelogin(),
        onError: () => form.setFieldValue('password', ''),
      },
    );
  };

  return (
    <Modal
      open
      title={t('relogin.title')}
      onCancel={dismissRelogin}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={null}
      data-testid="relogin-modal"
    >
      <Typography.Paragraph>{t('relogin.body')}</Typography.Paragraph>
      <Form<ReloginValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        disabled={relogin.isPending}
        data-testid="relogin-form"
      >
        {relogin.isError ? (
          <Alert
            type="error"
            showIcon
            title={t('login.failed')}
            description={describeError(relogin.error, lang)}
            style={{ marginBottom: 16 }}
            data-testid="relogin-error"
          />
        ) : null}
        <Form.Item label={t('login.username')} htmlFor="relogin-username">
          <Input id="relogin-username" value={username} readOnly autoComplete="username" />
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
            autoFocus
            data-testid="relogin-password"
          />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', flexWrap: 'wrap' }}>
            <Button onClick={dismissRelogin} data-testid="relogin-later">
              {t('relogin.later')}
            </Button>
            <Button type="primary" htmlType="submit" loading={relogin.isPending} data-testid="relogin-submit">
              {t('relogin.submit')}
            </Button>
          </div>
        </Form.Item>
      </Form>
    </Modal>
  );
}
