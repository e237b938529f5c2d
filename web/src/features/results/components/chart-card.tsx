import { Card, Collapse, Table, type TableProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { EChart, type EChartOption } from '../../../components/charts/echart';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { useResultsT } from '../messages';

/**
 * One chart of the "Biểu đồ" tab: a heading, one line on how to read it, the chart (an image with
 * an accessible name) and, folded below it, a plain table with the same numbers.
 */
export function ChartCard<T extends object>({
  id,
  title,
  caption,
  option,
  height,
  testId,
  tableColumns,
  tableRows,
  rowKey,
  legend,
}: {
  id: string;
  title: string;
  caption: string;
  option: EChartOption;
  height: number;
  testId: string;
  tableColumns: TableProps<T>['columns'];
  tableRows: T[];
  rowKey: (row: T) => string;
  /** A legend in HTML below the chart, when the chart's own would not say enough. */
  legend?: ReactNode;
}) {
  const t = useResultsT();
  const tableBox = useKeyboardScrollable(t('charts.dataTableOf', { title }));
  return (
    <Card
      size="small"
      aria-labelledby={`${id}-title`}
      title={
        <Typography.Title level={3} id={`${id}-title`} style={{ fontSize: 16, margin: 0 }}>
          {title}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} id={`${id}-caption`}>
        {caption}
      </Typography.Paragraph>
      <EChart option={option} label={`${title}. ${caption}`} height={height} testId={testId} />
      {legend}
      <Collapse
        size="small"
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'table',
            label: t('charts.showTable'),
            children: (
              <div ref={tableBox} data-testid={`${testId}-table`}>
                <Table<T>
                  size="small"
                  rowKey={rowKey}
                  columns={tableColumns}
                  dataSource={tableRows}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                />
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
