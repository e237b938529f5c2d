import { Tag } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

export type Status = 'active' | 'inactive' | 'warning';

/** Explicit colours (not antd presets) so that tag text keeps WCAG AA contrast (axe-core). */
const STYLE: Record<Status, CSSProperties> = {
  active: { color: '#1b5e20', background: '#e8f5e9', borderColor: '#a5d6a7' },
  inactive: { color: '#3a3a3a', background: '#eeeeee', borderColor: '#cfcfcf' },
  warning: { color: '#7a3e00', background: '#fff3e0', borderColor: '#ffcc80' },
};

export function StatusTag({ status, children }: { status: Status; children: ReactNode }) {
  return (
    <Tag style={{ ...STYLE[status], marginInlineEnd: 0, whiteSpace: 'normal' }} data-status={status}>
      {children}
    </Tag>
  );
}
