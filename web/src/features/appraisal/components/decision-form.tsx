import { SaveOutlined } from '@ant-design/icons';
import {
  ADJUSTMENT_REASON_LABELS,
  ADJUSTMENT_REASONS,
  type AdjustmentReason,
  APPRAISAL_LIMITS,
  type AppraisalView,
  type LeafAppraisalView,
  type LeafDecisionInput,
} from '@cchc/domain/api/appraisal';
import { type DecisionKind, REVIEW_STAGE_LABELS } from '@cchc/domain/appraisal/appraisal';
import { Alert, App, Button, Checkbox, Flex, Input, InputNumber, Radio, Select } from 'antd';
import { useId, useState } from 'react';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatPoints } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useDecideLeaf, useReloadAppraisal } from '../api';
import { useAT } from '../i18n';
import { inputToHundredths, pointsNumber } from '../model';
import { Heading, labelStyle } from './shared';

interface Draft {
  kind: DecisionKind | null;
  /** Points as typed (a number with up to 2 decimals), not hundredths. */
  points: number | null;
  reasonCode: AdjustmentReason | null;
  reason: string;
  evidenceInsufficient: boolean;
}

type Errors = { points?: string; reason?: string; reasonCode?: string; form?: string };

/** The form starts from the caller's own decision in the current stage, if any. */
function initialDraft(view: AppraisalView, leaf: LeafAppraisalView): Draft {
  const own = leaf.current !== null && leaf.current.stage === view.decisionStage ? leaf.current : null;
  if (own) {
    return {
      kind: own.kind,
      points: own.kind === 'ADJUST' && own.points !== null ? own.points / 100 : null,
      reasonCode: own.reasonCode,
      reason: own.reason,
      evidenceInsufficient: own.evidenceInsufficient,
    };
  }
  return {
    kind: null,
    points: null,
    reasonCode: null,
    reason: '',
    evidenceInsufficient: leaf.evidenceInsufficient,
  };
}

const red = '#a4262c';

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span id={id} style={{ color: red, fontSize: 12 }} data-testid={id}>
      {text}
    </span>
  ) : null;
}

/**
 * The working group's decision on one leaf: accept the self-score, adjust it (points within
 * [0, max] and a reason), or confirm the unit's "not applicable" claim; optionally mark the
 * evidence as insufficient. The server checks everything again and its errors land on the fields.
 */
export function DecisionForm({ view, leaf }: { view: AppraisalView; leaf: LeafAppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  const decide = useDecideLeaf(view.scorecardId);
  const reload = useReloadAppraisal(view.scorecardId);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(view, leaf));
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState(false);
  const pointsId = useId();
  const reasonCodeId = useId();
  const reasonId = useId();
  const kindLegendId = useId();
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
  };
  const stage = view.decisionStage;
  const max = leaf.maxPoints;
  const reasonRequired = draft.kind === 'ADJUST' || stage === 'COUNCIL' || stage === 'AMENDMENT';

  const save = () => {
    if (draft.kind === null) {
      return;
    }
    const input: LeafDecisionInput = {
      kind: draft.kind,
      reason: draft.reason,
      evidenceInsufficient: draft.evidenceInsufficient,
      expectedCurrentId: leaf.current?.id ?? null,
    };
    if (draft.kind === 'ADJUST') {
      const h = draft.points === null ? null : inputToHundredths(draft.points);
      if (draft.points !== null && h === null) {
        setErrors({ points: at('decision.twoDecimals') });
        return;
      }
      input.points = h;
      input.reasonCode = draft.reasonCode;
    }
    setConflict(false);
    decide.mutate(
      { leafCode: leaf.leafCode, input },
      {
        onSuccess: () => void message.success(at('decision.saved', { code: leaf.leafCode })),
        onError: (e) => {
          if (isApiError(e) && e.code === 'EDIT_CONFLICT') {
            setConflict(true);
            void reload();
            return;
          }
          const text = describeError(e, lang);
          const fields = isApiError(e) ? e.fields : {};
          const next: Errors = {
            points: fields.points,
            reason: fields.reason,
            reasonCode: fields.reasonCode,
          };
          if (isApiError(e) && e.code === 'SCORE_OUT_OF_RANGE' && !next.points) {
            next.points = text;
          } else if (isApiError(e) && e.code === 'REASON_REQUIRED' && !next.reason) {
            next.reason = text;
          } else if (!next.points && !next.reason && !next.reasonCode) {
            next.form = text;
          }
          setErrors(next);
        },
      },
    );
  };

  const acceptLabel = leaf.self.naClaimed
    ? at('decision.acceptNa')
    : at('decision.accept', {
        points: leaf.self.points === null ? '–' : formatPoints(leaf.self.points, lang),
      });

  return (
    <section aria-labelledby={`${kindLegendId}-h`} data-testid="decision-form">
      <Heading level={3} id={`${kindLegendId}-h`}>
        {at('decision.heading', { stage: stage ? REVIEW_STAGE_LABELS[stage][lang] : '' })}
      </Heading>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={at('decision.conflict')}
          style={{ marginBottom: 10 }}
          data-testid="decision-conflict"
        />
      ) : null}
      <Flex vertical gap={12}>
        <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <legend id={kindLegendId} style={labelStyle}>
            {at('decision.kind')}
          </legend>
          <Radio.Group
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as DecisionKind })}
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
          >
            <Radio value="ACCEPT" data-testid="decision-accept">
              {acceptLabel}
            </Radio>
            <Radio value="ADJUST" data-testid="decision-adjust">
              {at('decision.adjust')}
            </Radio>
            {leaf.self.naClaimed && leaf.kind === 'CRITERION' ? (
              <Radio value="NOT_APPLICABLE" data-testid="decision-na">
                {at('decision.na')}
              </Radio>
            ) : null}
          </Radio.Group>
        </fieldset>
        {draft.kind === 'ADJUST' ? (
          <Flex gap={12} wrap align="flex-start">
            <Flex vertical gap={2}>
              <label htmlFor={pointsId} style={labelStyle}>
                {at('decision.points', { max: pointsNumber(max, lang) })}{' '}
                <span aria-hidden style={{ color: red }}>
                  *
                </span>
              </label>
              <InputNumber<number>
                id={pointsId}
                value={draft.points}
                onChange={(v) => set({ points: typeof v === 'number' ? v : null })}
                decimalSeparator={lang === 'vi' ? ',' : '.'}
                step={0.25}
                style={{ width: 160 }}
                aria-required
                aria-invalid={errors.points ? true : undefined}
                aria-describedby={errors.points ? 'decision-points-error' : undefined}
                status={errors.points ? 'error' : undefined}
                data-testid="decision-points"
                onPressEnter={save}
              />
              <FieldError id="decision-points-error" text={errors.points} />
            </Flex>
            <Flex vertical gap={2} style={{ flex: '1 1 240px', maxWidth: 360 }}>
              <label htmlFor={reasonCodeId} style={labelStyle}>
                {at('decision.reasonCode')}
              </label>
              <Select<AdjustmentReason>
                id={reasonCodeId}
                value={draft.reasonCode ?? undefined}
                placeholder={at('decision.reasonCodePlaceholder')}
                allowClear
                onChange={(v) =>
                  set({
                    reasonCode: v ?? null,
                    ...(v === 'EVIDENCE_MISSING' || v === 'EVIDENCE_INSUFFICIENT'
                      ? { evidenceInsufficient: true }
                      : {}),
                  })
                }
                options={ADJUSTMENT_REASONS.map((r) => ({
                  value: r,
                  label: ADJUSTMENT_REASON_LABELS[r][lang],
                }))}
                status={errors.reasonCode ? 'error' : undefined}
                data-testid="decision-reason-code"
              />
              <FieldError id="decision-reason-code-error" text={errors.reasonCode} />
            </Flex>
          </Flex>
        ) : null}
        {draft.kind !== null ? (
          <Flex vertical gap={2}>
            <label htmlFor={reasonId} style={labelStyle}>
              {reasonRequired ? (
                <>
                  {at('decision.reason')}{' '}
                  <span aria-hidden style={{ color: red }}>
                    *
                  </span>
                </>
              ) : (
                at('decision.reasonOptional')
              )}
            </label>
            <Input.TextArea
              id={reasonId}
              value={draft.reason}
              onChange={(e) => set({ reason: e.target.value })}
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={APPRAISAL_LIMITS.reasonMax}
              aria-required={reasonRequired || undefined}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? 'decision-reason-error' : undefined}
              status={errors.reason ? 'error' : undefined}
              data-testid="decision-reason"
            />
            <FieldError id="decision-reason-error" text={errors.reason} />
          </Flex>
        ) : null}
        <Checkbox
          checked={draft.evidenceInsufficient}
          onChange={(e) => set({ evidenceInsufficient: e.target.checked })}
          data-testid="decision-evidence-insufficient"
        >
          {at('decision.evidenceInsufficient')}
        </Checkbox>
        {errors.form ? (
          <Alert type="error" showIcon role="alert" title={errors.form} data-testid="decision-error" />
        ) : null}
        <Flex justify="flex-end">
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={save}
            disabled={draft.kind === null}
            loading={decide.isPending}
            data-testid="decision-save"
          >
            {at('decision.save')}
          </Button>
        </Flex>
      </Flex>
    </section>
  );
}
