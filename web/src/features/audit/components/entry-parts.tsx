import type { AuditEntryView } from '@cchc/domain/api/audit';
import { Flex, Typography } from 'antd';
import { useLang } from '../../../lib/i18n';
import { useAuditT } from '../messages';
import { roleGrantLabel, type SummaryLine } from '../summary';

/** Who did it: full name, username, and the roles held at the time (none for the CLI and jobs). */
export function ActorCell({
  entry,
  unitCodes,
  showRoles = true,
}: {
  entry: AuditEntryView;
  unitCodes: ReadonlyMap<string, string>;
  showRoles?: boolean;
}) {
  const at = useAuditT();
  const lang = useLang();
  if (!entry.actor) {
    return (
      <Flex vertical>
        <strong>{at('actor.system')}</strong>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {at('actor.systemHint')}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Flex vertical>
      <strong>{entry.actor.fullName || entry.actor.username}</strong>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {entry.actor.username}
      </Typography.Text>
      {showRoles && entry.actorRoles?.length ? (
        <span style={{ fontSize: 12, color: '#3a3a3a' }}>
          {entry.actorRoles.map((g) => roleGrantLabel(g, lang, unitCodes)).join('; ')}
        </span>
      ) : null}
    </Flex>
  );
}

/** The summary of what changed, one fact a line. */
export function SummaryLines({ lines }: { lines: SummaryLine[] }) {
  if (lines.length === 0) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one summary never reorder
        <li key={i} style={{ overflowWrap: 'anywhere' }}>
          {line.label ? (
            <Typography.Text type="secondary" style={{ fontSize: 'inherit' }}>
              {line.label}:{' '}
            </Typography.Text>
          ) : null}
          {line.text}
        </li>
      ))}
    </ul>
  );
}

/** The recorded data as indented JSON (wraps instead of scrolling). */
export function DataJson({ data }: { data: Record<string, unknown> }) {
  const at = useAuditT();
  if (Object.keys(data).length === 0) {
    return <Typography.Text type="secondary">{at('row.noData')}</Typography.Text>;
  }
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        background: '#f6f8fa',
        border: '1px solid #e1e4e8',
        borderRadius: 4,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        maxHeight: 360,
        overflowY: 'auto',
      }}
      // A long JSON scrolls: keyboard users must reach it (axe: scrollable-region-focusable).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region
      tabIndex={0}
    >
      {JSON.stringify(data, null, 2)}
    </pre>
  );
}
