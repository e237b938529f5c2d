import { Flex, Select } from 'antd';
import { useId } from 'react';
import { useResultsT } from '../messages';

/** "Lọc theo khối": all groups or one (the ranking and the charts tabs). */
export function GroupFilter({
  groups,
  value,
  onChange,
  testId,
}: {
  groups: readonly { code: string; name: string }[];
  value: string | null;
  onChange: (group: string | null) => void;
  testId: string;
}) {
  const t = useResultsT();
  const id = useId();
  return (
    <Flex gap={6} align="center">
      <label htmlFor={id}>{t('ranking.groupFilter')}</label>
      <Select
        id={id}
        value={value ?? ''}
        onChange={(v: string) => onChange(v === '' ? null : v)}
        options={[
          { value: '', label: t('ranking.allGroups') },
          ...groups.map((g) => ({ value: g.code, label: g.name })),
        ]}
        style={{ width: 230 }}
        data-testid={testId}
      />
    </Flex>
  );
}
