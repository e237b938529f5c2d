import { ArrowRightOutlined } from '@ant-design/icons';
import type { AmendmentView, LeafAppraisalView } from '@cchc/domain/api/appraisal';
import { SCORECARD_STATUS_LABELS, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import {
  Alert,
  type ButtonProps,
  Descriptions,
  Flex,
  Form,
  type FormInstance,
  Modal,
  Tag,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import { requiredMark } from '../../../components/ui/required-mark';
import { StatusTag } from '../../../components/ui/status-tag';
import { formatPercent } from '../../../lib/format';
import { type Lang, useLang } from '../../../lib/i18n';
import { type CouncilT, useCouncilT } from '../messages';
import { parsePoints, pointsNumber } from '../model';

/** Status of a unit's scorecard: approved by the council in green, reviewed in amber, the rest grey. */
export function ScorecardStatusTag({ status }: { status: ScorecardStatus }) {
  const lang = useLang();
  const tone = status === 'COUNCIL_APPROVED' ? 'active' : status === 'REVIEWED' ? 'warning' : 'inactive';
  return (
    <span data-status={status}>
      <StatusTag status={tone}>{SCORECARD_STATUS_LABELS[status][lang]}</StatusTag>
    </span>
  );
}

/** The band (xếp loại) as a strong tag; a dash when the index set defines none. */
export function BandTag({ band, large = false }: { band: string | null; large?: boolean }) {
  if (!band) {
    return <span>—</span>;
  }
  return (
    <Tag
      style={{
        color: '#0b3a6e',
        background: '#e6eef8',
        borderColor: '#9db6d6',
        fontWeight: 600,
        fontSize: large ? 16 : 13,
        padding: large ? '2px 10px' : undefined,
        marginInlineEnd: 0,
        whiteSpace: 'nowrap',
      }}
    >
      {band}
    </Tag>
  );
}

/** A points value in a table cell: the number, tabular, with its index below when given. */
export function PointsCell({
  points,
  index,
  strong = false,
  size = 14,
}: {
  points: number;
  index?: number | null;
  strong?: boolean;
  size?: number;
}) {
  const lang = useLang();
  return (
    <Flex vertical gap={0} align="end" style={{ fontVariantNumeric: 'tabular-nums' }}>
      <span style={{ fontSize: size, fontWeight: strong ? 600 : undefined }}>
        {pointsNumber(points, lang)}
      </span>
      {index === undefined || index === null ? null : (
        <span style={{ fontSize: Math.max(12, size - 2), color: 'rgba(0,0,0,0.65)' }}>
          {formatPercent(index, lang)}
        </span>
      )}
    </Flex>
  );
}

/** Rules for a points text field: format '8,75', within [0, max] (hundredths). */
export function pointsRules(t: CouncilT, lang: Lang, max: number | null): Rule[] {
  return [
    { required: true, message: t('council.required') },
    {
      validator: (_rule, value: string | undefined) => {
        if (value === undefined || value === '') {
          return Promise.resolve();
        }
        const h = parsePoints(value);
        if (h === null) {
          return Promise.reject(new Error(t('council.pointsInvalid')));
        }
        if (max !== null && h > max) {
          return Promise.reject(new Error(t('council.pointsRange', { max: pointsNumber(max, lang) })));
        }
        return Promise.resolve();
      },
    },
  ];
}

export function textRules(t: CouncilT, max: number, required = true): Rule[] {
  return [
    ...(required ? [{ required: true, whitespace: true, message: t('council.required') }] : []),
    { max, message: t('council.maxLength', { max }) },
  ];
}

/** 'A.1.2 — Tên tiêu chí' for selects, with its maximum. */
export function leafOptions(leaves: readonly LeafAppraisalView[], lang: Lang) {
  return leaves.map((l) => ({
    value: l.leafCode,
    label: `${l.leafCode} — ${l.name} (${lang === 'vi' ? 'tối đa' : 'max'} ${pointsNumber(l.maxPoints, lang)})`,
  }));
}

/** A leaf's current value: points, "không áp dụng", or a dash when there is none. */
export function leafValue(value: number | null | undefined, t: CouncilT, lang: Lang): string {
  if (value === undefined) {
    return t('council.none');
  }
  return value === null ? t('council.notApplicable') : pointsNumber(value, lang);
}

/** The unit's own value of a leaf: null when it claimed "not applicable", undefined when unanswered. */
export function selfValue(leaf: LeafAppraisalView): number | null | undefined {
  return leaf.self.naClaimed ? null : (leaf.self.points ?? undefined);
}

interface CouncilModalProps<T> {
  title: string;
  form: FormInstance<T>;
  onFinish: (values: T) => void;
  onClose: () => void;
  submitting: boolean;
  error: string | null;
  onErrorDismiss: () => void;
  initialValues?: Partial<T>;
  okText?: string;
  width?: number;
  /** data-testid of the form; the save button gets `saveTestId`. */
  testId: string;
  saveTestId: string;
  /** Shown instead of the form footer once the write succeeded (e.g. the before/after diff). */
  done?: ReactNode;
  children: ReactNode;
}

/**
 * A modal whose body is a vertical antd Form (Enter submits); like components/ui/form-modal, with
 * the save button's test id chosen by the caller and an optional "done" state that replaces the
 * form after saving (for the amendment diff). Mount it only while open.
 */
export function CouncilFormModal<T>({
  title,
  form,
  onFinish,
  onClose,
  submitting,
  error,
  onErrorDismiss,
  initialValues,
  okText,
  width = 640,
  testId,
  saveTestId,
  done,
  children,
}: CouncilModalProps<T>) {
  const t = useCouncilT();
  if (done) {
    return (
      <Modal
        open
        title={title}
        width={width}
        onCancel={onClose}
        onOk={onClose}
        okText={t('council.close')}
        cancelButtonProps={{ style: { display: 'none' } }}
        okButtonProps={{ 'data-testid': `${testId}-close` } as ButtonProps}
      >
        {done}
      </Modal>
    );
  }
  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText ?? t('council.save')}
      cancelText={t('council.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submitting, 'data-testid': saveTestId } as ButtonProps}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      modalRender={(dom) => (
        <Form<T>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={onFinish}
          onValuesChange={() => {
            if (error) {
              onErrorDismiss();
            }
          }}
          disabled={submitting}
          data-testid={testId}
          requiredMark={requiredMark}
          scrollToFirstError
        >
          {dom}
        </Form>
      )}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid={`${testId}-error`}
        />
      ) : null}
      {children}
    </Modal>
  );
}

function Arrow({ before, after, testId }: { before: string; after: string; testId: string }) {
  const changed = before !== after;
  return (
    <span
      data-testid={testId}
      data-changed={changed}
      style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums' }}
    >
      <span>{before}</span> <ArrowRightOutlined aria-label="→" style={{ fontSize: 12, margin: '0 4px' }} />{' '}
      <strong style={{ color: changed ? '#0b3a6e' : undefined }}>{after}</strong>
    </span>
  );
}

/** The result of an amendment (or an accepted appeal): index, points, band and rank before → after. */
export function AmendmentDiff({ amendment }: { amendment: AmendmentView }) {
  const t = useCouncilT();
  const lang = useLang();
  const d = amendment.diff;
  const none = t('council.none');
  return (
    <Flex vertical gap={12} data-testid="amendment-diff">
      <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
        {t('diff.title')}
      </Typography.Title>
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          {
            key: 'index',
            label: t('diff.index'),
            children: (
              <Arrow
                before={formatPercent(d.indexBefore, lang)}
                after={formatPercent(d.indexAfter, lang)}
                testId="diff-index"
              />
            ),
          },
          {
            key: 'points',
            label: t('diff.points'),
            children: (
              <Arrow
                before={pointsNumber(d.pointsBefore, lang)}
                after={pointsNumber(d.pointsAfter, lang)}
                testId="diff-points"
              />
            ),
          },
          {
            key: 'band',
            label: t('diff.band'),
            children: <Arrow before={d.bandBefore ?? none} after={d.bandAfter ?? none} testId="diff-band" />,
          },
          {
            key: 'rank',
            label: t('diff.rank'),
            children: (
              <Arrow
                before={d.rankBefore === null ? none : String(d.rankBefore)}
                after={d.rankAfter === null ? none : String(d.rankAfter)}
                testId="diff-rank"
              />
            ),
          },
        ]}
      />
      {amendment.changes.length > 0 ? (
        <div>
          <Typography.Text strong>{t('diff.leafChanges')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {amendment.changes.map((c) => (
              <li key={c.leafCode}>
                {c.leafCode}: {leafValue(c.before, t, lang)} → {leafValue(c.after, t, lang)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Flex>
  );
}

/** A level-2 section heading sized for a card title. */
export function SectionTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Typography.Title level={2} id={id} style={{ fontSize: 17, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}

export { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
