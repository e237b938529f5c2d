import type { ResultsSettingsView } from '@cchc/domain/api/results';
import { Flex, Select, Switch, Table, Tag, Typography } from 'antd';
import { useId, useMemo, useState } from 'react';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { useResultsT } from '../messages';
import { defaultPreviousCode } from '../model';

type MappingRow = ResultsSettingsView['criterionMapping'][number];

/**
 * This year's fields and criteria → the previous campaign's code they compare with. The default
 * is the same code when the previous set has it; a row that differs is marked "Đã điều chỉnh"
 * (only those rows are saved, as overrides).
 */
export function CriterionMappingTable({
  view,
  mapping,
  previousCodes,
  editable,
  onChange,
}: {
  view: ResultsSettingsView;
  mapping: Record<string, string | null>;
  previousCodes: ReadonlySet<string>;
  editable: boolean;
  onChange: (code: string, previousCode: string | null) => void;
}) {
  const t = useResultsT();
  const onlyChangedId = useId();
  const [onlyChanged, setOnlyChanged] = useState(false);
  const tableBox = useKeyboardScrollable(t('settings.mappingTitle'));
  const options = useMemo(
    () => [
      { value: '', label: t('settings.noCompare') },
      ...view.previousCodes.map((c) => ({
        value: c.code,
        label: `${c.code} — ${c.name}`,
      })),
    ],
    [view.previousCodes, t],
  );
  const isChanged = (row: MappingRow) =>
    (mapping[row.code] ?? null) !== defaultPreviousCode(row.code, previousCodes);
  const changedCount = view.criterionMapping.filter(isChanged).length;
  const rows = onlyChanged ? view.criterionMapping.filter(isChanged) : view.criterionMapping;

  return (
    <Flex vertical gap={8}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.mappingHint')}
      </Typography.Paragraph>
      <Flex gap={8} align="center">
        <Switch id={onlyChangedId} checked={onlyChanged} onChange={setOnlyChanged} size="small" />
        <label htmlFor={onlyChangedId}>{t('settings.onlyChanged', { count: changedCount })}</label>
      </Flex>
      <div ref={tableBox}>
        <Table<MappingRow>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={rows}
          scroll={{ y: 560, x: 900 }}
          locale={{ emptyText: t('settings.noChanged') }}
          onRow={(row) => ({ 'data-testid': `mapping-row-${row.code}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('settings.current'),
              key: 'current',
              render: (_, row) => (
                <span
                  style={{
                    paddingInlineStart: row.depth * 18,
                    fontWeight: row.depth === 0 ? 600 : undefined,
                  }}
                >
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>{row.code}</span> — {row.name}
                </span>
              ),
            },
            {
              title: t('settings.previousCode'),
              key: 'previous',
              width: 360,
              render: (_, row) =>
                editable ? (
                  <Select<string>
                    aria-label={t('settings.mappingFor', { code: row.code })}
                    value={mapping[row.code] ?? ''}
                    onChange={(v) => onChange(row.code, v === '' ? null : v)}
                    options={options}
                    showSearch={{ optionFilterProp: 'label' }}
                    popupMatchSelectWidth={480}
                    style={{ width: '100%' }}
                    data-testid={`mapping-select-${row.code}`}
                  />
                ) : (
                  <span>{options.find((o) => o.value === (mapping[row.code] ?? ''))?.label}</span>
                ),
            },
            {
              title: t('settings.mappingState'),
              key: 'state',
              width: 150,
              render: (_, row) =>
                isChanged(row) ? (
                  <Tag
                    color="gold"
                    style={{ color: '#6b4500' }}
                    data-testid={`mapping-overridden-${row.code}`}
                  >
                    {t('settings.overridden')}
                  </Tag>
                ) : (
                  <Typography.Text type="secondary">{t('settings.default')}</Typography.Text>
                ),
            },
          ]}
        />
      </div>
    </Flex>
  );
}
