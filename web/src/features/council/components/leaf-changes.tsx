import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { LeafAppraisalView } from '@cchc/domain/api/appraisal';
import { APPRAISAL_LIMITS } from '@cchc/domain/api/appraisal';
import { Button, Flex, Form, Input, Select, Typography } from 'antd';
import { useLang } from '../../../lib/i18n';
import { useCouncilT } from '../messages';
import { parsePoints, pointsNumber } from '../model';
import { leafOptions, leafValue, selfValue } from './shared';

/** One row of the changes editor as the form holds it (points as typed text). */
export interface ChangeRow {
  leafCode?: string;
  kind: 'ADJUST' | 'NOT_APPLICABLE';
  points?: string;
}

/** Form rows → the API's LeafChangeInput list (points in exact hundredths). */
export function toLeafChanges(rows: readonly ChangeRow[] | undefined) {
  return (rows ?? [])
    .filter((r) => r.leafCode)
    .map((r) => ({
      leafCode: r.leafCode as string,
      kind: r.kind,
      points: r.kind === 'ADJUST' ? parsePoints(r.points) : null,
    }));
}

/**
 * The leaf changes of an amendment or an accepted appeal, as an antd Form.List named `changes`:
 * per row a criterion, "set the score" or "not applicable", and the new points (0..max, '8,75').
 */
export function LeafChangesEditor({
  leaves,
  loading,
  required,
}: {
  leaves: readonly LeafAppraisalView[];
  loading: boolean;
  required: boolean;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const options = leafOptions(leaves, lang);
  const byCode = new Map(leaves.map((l) => [l.leafCode, l]));

  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }} data-testid="changes">
      <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 8 }}>{t('changes.title')}</legend>
      <Form.List
        name="changes"
        rules={[
          {
            validator: (_rule, rows: ChangeRow[] | undefined) => {
              const codes = (rows ?? []).map((r) => r.leafCode).filter(Boolean);
              if (required && codes.length === 0) {
                return Promise.reject(new Error(t('changes.atLeastOne')));
              }
              if (new Set(codes).size !== codes.length) {
                return Promise.reject(new Error(t('changes.duplicate')));
              }
              return Promise.resolve();
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={8}>
            {fields.map((field, i) => (
              <fieldset
                key={field.key}
                style={{
                  border: '1px solid #dfe4ea',
                  borderRadius: 6,
                  padding: '8px 12px 0',
                  margin: 0,
                  minWidth: 0,
                }}
                data-testid={`change-row-${i}`}
              >
                <legend className="sr-only">{t('changes.row', { n: i + 1 })}</legend>
                <Flex gap={12} wrap align="start">
                  <Form.Item
                    name={[field.name, 'leafCode']}
                    label={t('changes.leaf')}
                    rules={[{ required: true, message: t('council.requiredSelect') }]}
                    style={{ flex: '1 1 280px', minWidth: 0 }}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={options}
                      loading={loading}
                      data-testid={`change-leaf-${i}`}
                      popupMatchSelectWidth={false}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'kind']}
                    label={t('changes.kind')}
                    rules={[{ required: true, message: t('council.requiredSelect') }]}
                    style={{ width: 170 }}
                  >
                    <Select
                      options={(['ADJUST', 'NOT_APPLICABLE'] as const).map((k) => ({
                        value: k,
                        label: t(`changes.kind.${k}`),
                      }))}
                      data-testid={`change-kind-${i}`}
                    />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['changes', field.name, 'kind']]}>
                    {({ getFieldValue }) =>
                      getFieldValue(['changes', field.name, 'kind']) === 'ADJUST' ? (
                        <Form.Item
                          name={[field.name, 'points']}
                          label={t('changes.points')}
                          dependencies={[['changes', field.name, 'leafCode']]}
                          style={{ width: 130 }}
                          rules={[
                            { required: true, message: t('council.required') },
                            ({ getFieldValue: get }) => ({
                              validator: (_rule, value: string | undefined) => {
                                if (!value) {
                                  return Promise.resolve();
                                }
                                const h = parsePoints(value);
                                if (h === null) {
                                  return Promise.reject(new Error(t('council.pointsInvalid')));
                                }
                                const leaf = byCode.get(get(['changes', field.name, 'leafCode']) as string);
                                if (leaf && h > leaf.maxPoints) {
                                  return Promise.reject(
                                    new Error(
                                      t('council.pointsRange', { max: pointsNumber(leaf.maxPoints, lang) }),
                                    ),
                                  );
                                }
                                return Promise.resolve();
                              },
                            }),
                          ]}
                        >
                          <Input inputMode="decimal" placeholder="8,75" data-testid={`change-points-${i}`} />
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('changes.remove', { n: i + 1 })}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                    data-testid={`change-remove-${i}`}
                  />
                </Flex>
                <Form.Item noStyle dependencies={[['changes', field.name, 'leafCode']]}>
                  {({ getFieldValue }) => {
                    const leaf = byCode.get(getFieldValue(['changes', field.name, 'leafCode']) as string);
                    return leaf ? (
                      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -8 }}>
                        {t('council.leafHelp', {
                          max: pointsNumber(leaf.maxPoints, lang),
                          self: leafValue(selfValue(leaf), t, lang),
                          appraised: leafValue(leaf.appraised, t, lang),
                          final: leafValue(leaf.final, t, lang),
                        })}
                      </Typography.Paragraph>
                    ) : null;
                  }}
                </Form.Item>
              </fieldset>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ kind: 'ADJUST' })}
              disabled={fields.length >= APPRAISAL_LIMITS.changesMax}
              style={{ alignSelf: 'start' }}
              data-testid="change-add"
            >
              {t('changes.add')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Flex>
        )}
      </Form.List>
    </fieldset>
  );
}
