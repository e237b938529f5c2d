import { Alert, Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../lib/i18n';

interface FormModalProps<T> {
  title: string;
  form: FormInstance<T>;
  onFinish: (values: T) => void;
  onClose: () => void;
  submitting: boolean;
  /** General error message of the last attempt (field errors go on the fields). */
  error: string | null;
  /** Called when the user edits the form after an error, to hide the stale message. */
  onErrorDismiss?: () => void;
  initialValues?: Partial<T>;
  okText?: string;
  width?: number;
  testId: string;
  children: ReactNode;
}

/**
 * A modal whose body is a vertical antd Form (the documented `modalRender` pattern, so Enter
 * submits). Mount it only while it is open: each opening starts from fresh values.
 */
export function FormModal<T>({
  title,
  form,
  onFinish,
  onClose,
  submitting,
  error,
  onErrorDismiss,
  initialValues,
  okText,
  width = 560,
  testId,
  children,
}: FormModalProps<T>) {
  const t = useT();
  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submitting, 'data-testid': `${testId}-submit` }}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      modalRender={(dom) => (
        <Form<T>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={onFinish}
          onValuesChange={() => {
            if (error) {
              onErrorDismiss?.();
            }
          }}
          disabled={submitting}
          data-testid={testId}
          scrollToFirstError
        >
          {dom}
        </Form>
      )}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {children}
    </Modal>
  );
}
