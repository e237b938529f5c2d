import type { ReactNode } from 'react';

/**
 * Form labels' required star, hidden from assistive technology: antd's default star is CSS content
 * and becomes part of the field's accessible name ("* Họ và tên"); `aria-required` already says it.
 */
export function requiredMark(label: ReactNode, { required }: { required: boolean }): ReactNode {
  return (
    <>
      {required ? (
        <span
          aria-hidden="true"
          style={{ color: '#c62828', marginInlineEnd: 4, fontFamily: 'SimSun, sans-serif' }}
        >
          *
        </span>
      ) : null}
      {label}
    </>
  );
}
