import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { AuditVerifyView } from '@cchc/domain/api/audit';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useVerifyAudit } from '../api';
import { type AuditMessageKey, eventLabel, isAuditMessageKey, useAuditT } from '../messages';

/** "12345:9f3a…c07e": the chain head, shortened for the eye. */
function shortHead(seq: number, hash: string): string {
  return `${seq}:${hash.length > 16 ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : hash}`;
}

function Result({ result, checkedAt }: { result: AuditVerifyView; checkedAt: string }) {
  const at = useAuditT();
  const lang = useLang();
  if (result.ok) {
    const head = `${result.headSeq}:${result.headHash}`;
    return (
      <Alert
        type="success"
        showIcon
        // The theme derives a grey-green tint from its dark success colour: a clear light green here.
        style={{ background: '#edf7ee', borderColor: '#a5d6a7' }}
        data-testid="audit-verify-result"
        data-ok="true"
        title={at('verify.ok', { count: result.checked.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') })}
        description={
          <Flex vertical gap={2}>
            <span>
              {at('verify.head')}:{' '}
              <Typography.Text
                code
                copyable={{ text: head, tooltips: [at('verify.copyHead'), '✓'] }}
                title={head}
                data-testid="audit-verify-head"
              >
                {shortHead(result.headSeq, result.headHash)}
              </Typography.Text>
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {at('verify.checkedAt', { at: checkedAt })}
            </Typography.Text>
          </Flex>
        }
      />
    );
  }
  const broken = result.broken;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify-result"
      data-ok="false"
      title={at('verify.broken')}
      description={
        <Flex vertical gap={2}>
          {broken ? <strong>{broken.message}</strong> : null}
          {broken?.event ? (
            <>
              <span data-testid="audit-verify-broken-entry">
                {at('verify.brokenAt', {
                  seq: broken.event.seq ?? '?',
                  action: eventLabel(broken.event.action, lang),
                  at: formatDateTime(broken.event.at, lang),
                })}
              </span>
              <span>
                {at('row.eventId')}:{' '}
                <Typography.Text code copyable>
                  {broken.event.id}
                </Typography.Text>
              </span>
            </>
          ) : null}
          {broken ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {at('verify.problem', {
                problem: isAuditMessageKey(`problem.${broken.problem}`)
                  ? `${at(`problem.${broken.problem}` as AuditMessageKey)} (${broken.problem})`
                  : broken.problem,
              })}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {at('verify.checkedBefore', { count: result.checked })}{' '}
            {at('verify.checkedAt', { at: checkedAt })}
          </Typography.Text>
        </Flex>
      }
    />
  );
}

/** "Kiểm tra tính toàn vẹn": walks the hash chain on the server and says whether it holds. */
export function VerifyCard() {
  const at = useAuditT();
  const t = useT();
  const lang = useLang();
  const verify = useVerifyAudit();
  const [checkedAt, setCheckedAt] = useState('');
  const run = () =>
    verify.mutate(undefined, {
      onSuccess: () => setCheckedAt(formatDateTime(new Date().toISOString(), lang)),
    });
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="audit-verify">
      <Flex gap={16} wrap align="flex-start" justify="space-between">
        <Flex vertical gap={4} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            <SafetyCertificateOutlined aria-hidden /> {at('verify.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{at('verify.hint')}</Typography.Text>
        </Flex>
        <Button type="primary" onClick={run} loading={verify.isPending} data-testid="audit-verify-button">
          {verify.isPending ? at('verify.running') : at('verify.button')}
        </Button>
      </Flex>
      {verify.data && !verify.isPending ? (
        <div style={{ marginTop: 12 }} aria-live="polite">
          <Result result={verify.data} checkedAt={checkedAt} />
        </div>
      ) : null}
      {verify.isError && !verify.isPending ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          data-testid="audit-verify-result"
          data-ok="error"
          title={at('verify.failed')}
          description={describeError(verify.error, lang)}
          action={
            <Button size="small" onClick={run}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : null}
    </Card>
  );
}
