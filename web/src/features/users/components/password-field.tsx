import { ThunderboltOutlined } from '@ant-design/icons';
import { isStrongPassword, LIMITS } from '@cchc/domain/validation';
import { Button, Form, type FormInstance, Input, Space } from 'antd';
import { useId, useState } from 'react';
import { useT } from '../../../lib/i18n';
import { generatePassword } from '../../../lib/password';

/** A password input with a "Tạo mật khẩu" generator and the policy hint (LIMITS). */
export function PasswordField({
  form,
  name,
  label,
  extra,
}: {
  form: FormInstance;
  name: string;
  label: string;
  extra: string;
}) {
  const t = useT();
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
                if (value && !isStrongPassword(value)) {
                  throw new Error(t('users.passwordWeak', { min: LIMITS.passwordMin }));
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
            form.setFieldValue(name, generatePassword());
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
