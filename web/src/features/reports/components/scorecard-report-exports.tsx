import { Card, Flex, Typography } from 'antd';
import { type ExportOwner, useExports } from '../api';
import { useReportsT } from '../messages';
import { CreateExportButton, ExportJobsTable, ExportRefusal, useExportRequester } from './export-jobs';

/**
 * "Báo cáo tự đánh giá: Tạo PDF / Tạo DOCX" on the unit's scorecard page: the report is generated
 * in the background (POST /api/scorecards/:id/exports) and listed with the same progress and
 * download rows as the campaign's files (GET /api/scorecards/:id/exports). The buttons are
 * `export-self-assessment-report-pdf` and `export-self-assessment-report-docx`.
 */
export function ScorecardReportExports({ scorecardId }: { scorecardId: string }) {
  const t = useReportsT();
  const owner: ExportOwner = { type: 'scorecard', id: scorecardId };
  const requester = useExportRequester(owner);
  const list = useExports(owner);
  const hasItems = (list.data?.items.length ?? 0) > 0;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 15 }}>
          {t('scorecard.title')}
        </Typography.Title>
      }
      extra={
        <Flex gap={8} wrap>
          <CreateExportButton kind="self-assessment-report" format="pdf" requester={requester} primary />
          <CreateExportButton kind="self-assessment-report" format="docx" requester={requester} />
        </Flex>
      }
      data-testid="scorecard-report-exports"
    >
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
        {t('scorecard.hint')}
      </Typography.Text>
      <ExportRefusal kind="self-assessment-report" requester={requester} />
      {hasItems || list.isError ? (
        <div style={{ marginTop: 8 }}>
          <ExportJobsTable owner={owner} highlightId={requester.highlightId} showKind={false} pageSize={5} />
        </div>
      ) : null}
    </Card>
  );
}
