import {
  CheckCircleFilled,
  EditFilled,
  ExclamationCircleFilled,
  MessageFilled,
  MinusCircleFilled,
} from '@ant-design/icons';
import type { AppraisalView, LeafAppraisalView } from '@cchc/domain/api/appraisal';
import { Radio, Typography } from 'antd';
import { EmptyCircle, StateIconBox } from '../../../components/ui/state-icon';
import { useLang } from '../../../lib/i18n';
import { useAT } from '../i18n';
import {
  groupLeaves,
  type LeafFilter,
  type LeafState,
  leafState,
  matchesFilter,
  pointsNumber,
} from '../model';

/** Hover look of the list's buttons (inline styles cannot say :hover). */
export const LEAF_LIST_CSS =
  '.ap-leaf:hover{background:#f2f5f9 !important}.ap-leaf[aria-current="true"]:hover{background:#dde8f5 !important}';

const STATE_KEY = {
  undecided: 'state.undecided',
  accepted: 'state.accepted',
  adjusted: 'state.adjusted',
  notApplicable: 'state.notApplicable',
} as const;

function StateIcon({ state }: { state: LeafState }) {
  const at = useAT();
  const label = at(STATE_KEY[state]);
  const icon =
    state === 'accepted' ? (
      <CheckCircleFilled style={{ color: '#2e7d32' }} />
    ) : state === 'adjusted' ? (
      <EditFilled style={{ color: '#1d4e89' }} />
    ) : state === 'notApplicable' ? (
      <MinusCircleFilled style={{ color: '#6b6b6b' }} />
    ) : (
      <EmptyCircle />
    );
  return <StateIconBox label={label} icon={icon} />;
}

/** "8,75 → 7,00" (self → current value), or the N/A mark. */
function ValueText({ leaf }: { leaf: LeafAppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const self = leaf.self.naClaimed
    ? at('state.na')
    : leaf.self.points === null
      ? '–'
      : pointsNumber(leaf.self.points, lang);
  const decided = leaf.final !== undefined ? leaf.final : leaf.appraised;
  if (decided === undefined) {
    return <>{self}</>;
  }
  const now = decided === null ? at('state.na') : pointsNumber(decided, lang);
  if (now === self) {
    return <>{now}</>;
  }
  return (
    <>
      <s>{self}</s> <span aria-hidden>→</span> <strong style={{ color: '#0b4a8b' }}>{now}</strong>
    </>
  );
}

/** The leaves of the scorecard, grouped by field, each with its decision state and a filter. */
export function LeafList({
  view,
  selected,
  onSelect,
  filter,
  onFilter,
}: {
  view: AppraisalView;
  selected: string | null;
  onSelect: (code: string) => void;
  filter: LeafFilter;
  onFilter: (filter: LeafFilter) => void;
}) {
  const at = useAT();
  const count = (f: LeafFilter) => view.leaves.filter((l) => matchesFilter(view, l, f)).length;
  const visible = view.leaves.filter((l) => l.leafCode === selected || matchesFilter(view, l, filter));
  const groups = groupLeaves(visible, at('tree.bonusPenalty'));

  return (
    <nav aria-label={at('tree.label')} data-testid="appraisal-leaves">
      <fieldset style={{ border: 0, margin: '0 0 8px', padding: 0, minWidth: 0 }}>
        <legend className="sr-only">{at('filter.legend')}</legend>
        <Radio.Group
          size="small"
          optionType="button"
          value={filter}
          onChange={(e) => onFilter(e.target.value as LeafFilter)}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
          options={(['all', 'undecided', 'disputed', 'explanation'] as const).map((f) => ({
            value: f,
            label: <span data-testid={`leaf-filter-${f}`}>{at(`filter.${f}`, { count: count(f) })}</span>,
          }))}
        />
      </fieldset>
      {groups.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ padding: 8 }}>
          {at('filter.empty')}
        </Typography.Paragraph>
      ) : (
        groups.map((g) => (
          <div key={g.key}>
            <div
              style={{
                background: '#eef2f7',
                fontWeight: 600,
                fontSize: 13,
                padding: '6px 8px',
                borderRadius: 4,
                marginTop: 6,
                color: '#1f2a37',
              }}
            >
              {g.title}
            </div>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={g.title}>
              {g.leaves.map((leaf) => {
                const isSelected = leaf.leafCode === selected;
                const state = leafState(view, leaf);
                return (
                  <li key={leaf.leafCode}>
                    <button
                      type="button"
                      className="ap-leaf"
                      aria-current={isSelected ? 'true' : undefined}
                      onClick={() => {
                        onSelect(leaf.leafCode);
                        requestAnimationFrame(() =>
                          document
                            .querySelector<HTMLElement>('[data-testid="leaf-title"]')
                            ?.focus({ preventScroll: true }),
                        );
                      }}
                      data-testid={`leaf-${leaf.leafCode}`}
                      data-state={state}
                      data-disputed={leaf.disputed ? 'true' : undefined}
                      style={{
                        display: 'flex',
                        gap: 8,
                        alignItems: 'flex-start',
                        width: '100%',
                        textAlign: 'start',
                        border: 0,
                        borderInlineStart: `3px solid ${isSelected ? '#1d4e89' : 'transparent'}`,
                        background: isSelected ? '#e6eef8' : 'transparent',
                        padding: '6px 8px 6px 12px',
                        cursor: 'pointer',
                        font: 'inherit',
                        color: 'inherit',
                        borderRadius: 4,
                      }}
                    >
                      <span style={{ paddingTop: 2 }}>
                        <StateIcon state={state} />
                      </span>
                      <span style={{ flex: 1, minWidth: 0, fontSize: 13, lineHeight: 1.4 }}>
                        <strong>{leaf.leafCode}</strong> {leaf.name}
                        {leaf.explanation ? (
                          <span title={at('state.explanation')} style={{ marginInlineStart: 6 }}>
                            <MessageFilled aria-hidden style={{ color: '#7a3e00' }} />
                            <span className="sr-only">{at('state.explanation')}</span>
                          </span>
                        ) : null}
                        {leaf.disputed ? (
                          <span title={at('state.disputed')} style={{ marginInlineStart: 6 }}>
                            <ExclamationCircleFilled aria-hidden style={{ color: '#a4262c' }} />
                            <span className="sr-only">{at('state.disputed')}</span>
                          </span>
                        ) : null}
                      </span>
                      <span
                        style={{
                          flex: 'none',
                          fontSize: 12,
                          color: 'rgba(0,0,0,0.65)',
                          whiteSpace: 'nowrap',
                          paddingTop: 1,
                        }}
                      >
                        <ValueText leaf={leaf} />
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ))
      )}
    </nav>
  );
}
