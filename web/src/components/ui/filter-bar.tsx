import { Flex, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useId } from 'react';

/** A row of list filters above a table. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
      {children}
    </Flex>
  );
}

/** A switch with a visible, clickable label. */
export function LabelledSwitch({
  label,
  checked,
  onChange,
  testId,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <Flex align="center" gap={8}>
      <Switch id={id} size="small" checked={checked} onChange={onChange} data-testid={testId} />
      <label htmlFor={id} style={{ cursor: 'pointer' }}>
        {label}
      </label>
    </Flex>
  );
}
