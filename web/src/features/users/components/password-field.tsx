import { ThunderboltOutlined } from '@ant-design/icons';
import { LIMITS, PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@cchc/domain/validation';
import { Button, Form, type FormInstance, Input, Space } from 'antd';
import { useId, useState } from 'react';
import { pickLabel, useLang, useT } from '../../../lib/i18n';
import { generatePassword } from '../../../lib/password';

/**
 * A password input with a "Tạo mật khẩu" generator and the policy hint (LIMITS). The policy is the
 * server's own (domain passwordProblem), checked against `username()` — the account's username.
 */
export function PasswordField({
  form,
  name,
  label,
  extra,
  username,
}: {
  form: FormInstance;
  name: string;
  label: string;
  extra: string;
  username?: () => string | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const id = useId();
  const [visible, setVisible] = useState(false);
  return (
    <Form.Item label={label} htmlFor={id} required extra={extra}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name={name}
          noStyle
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: async (_, value: string | undefined) => {
                const problem = value ? passwordProblem(value, username?.()) : null;
                if (problem) {
                  throw new Error(pickLabel(PASSWORD_PROBLEM_MESSAGES[problem], lang));
                }
              },
            },
          ]}
        >
          <Input.Password
            id={id}
            autoComplete="new-password"
            maxLength={LIMITS.passwordMax}
            visibilityToggle={{ visible, onVisibleChange: setVisible }}
            data-testid={`${name}-input`}
          />
        </Form.Item>
        <Button
          icon={<ThunderboltOutlined />}
          onClick={() => {
            let generated = generatePassword();
            // A random pick may, rarely, contain a short username: draw again.
            while (passwordProblem(generated, username?.())) {
              generated = generatePassword();
            }
            form.setFieldValue(name, generated);
            setVisible(true);
            form.validateFields([name]).catch(() => undefined);
          }}
          data-testid={`${name}-generate`}
        >
          {t('users.generatePassword')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
