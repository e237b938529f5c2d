import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ClassificationBand, IndexSetDocument } from '@cchc/domain/index-set/format';
import {
  Button,
  Card,
  Col,
  ConfigProvider,
  DatePicker,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { formatDate } from '../../../lib/format';
import { type TFunction, useLang, useT } from '../../../lib/i18n';
import { EDITOR_LIMITS, YEAR_MAX, YEAR_MIN } from '../limits';
import { DecimalInput } from './decimal-input';
import { percentRules } from './method-fields';

const maxRule = (t: TFunction, max: number) => ({ max, message: t('common.maxLength', { max }) });
const requiredText = (t: TFunction) => ({ required: true, whitespace: true, message: t('common.required') });

interface GeneralValues {
  name: string;
  year: number | null;
  legalBasis: { number?: string; date?: string; title?: string };
  unitGroups: { code?: string; name?: string }[];
  classification: { label?: string; minPercent?: number | null; minEachFieldPercent?: number | null }[];
  ranking: IndexSetDocument['ranking'];
}

const listStyle = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;
const headStyle = { fontSize: 12, color: 'rgba(0,0,0,0.65)', marginBottom: 4 } as const;
const cell = { flex: '1 1 0', minWidth: 0, marginBottom: 8 } as const;

function RowButtons({
  index,
  count,
  move,
  remove,
}: {
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  remove: () => void;
}) {
  const t = useT();
  // Inside a disabled (read-only) form the row buttons are not offered at all.
  const { componentDisabled } = ConfigProvider.useConfig();
  if (componentDisabled) {
    return <span style={{ width: 104, flex: 'none' }} />;
  }
  return (
    <Flex style={{ width: 104, flex: 'none' }}>
      <Button
        type="text"
        size="small"
        aria-label={t('indexSets.rowUp', { n: index + 1 })}
        title={t('indexSets.rowUp', { n: index + 1 })}
        disabled={index === 0}
        onClick={() => move(index, index - 1)}
        style={{ marginTop: 4 }}
      >
        ↑
      </Button>
      <Button
        type="text"
        size="small"
        aria-label={t('indexSets.rowDown', { n: index + 1 })}
        title={t('indexSets.rowDown', { n: index + 1 })}
        disabled={index === count - 1}
        onClick={() => move(index, index + 1)}
        style={{ marginTop: 4 }}
      >
        ↓
      </Button>
      <Button
        type="text"
        size="small"
        icon={<MinusCircleOutlined />}
        aria-label={t('indexSets.rowRemove', { n: index + 1 })}
        title={t('indexSets.rowRemove', { n: index + 1 })}
        onClick={remove}
        style={{ marginTop: 4 }}
      />
    </Flex>
  );
}

function Heads({ labels }: { labels: ReactNode[] }) {
  return (
    <Flex gap={8} aria-hidden="true" style={headStyle}>
      {labels.map((label, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed column headers
        <span key={i} style={{ flex: '1 1 0' }}>
          {label}
        </span>
      ))}
      <span style={{ width: 104, flex: 'none' }} />
    </Flex>
  );
}

function fromDoc(doc: IndexSetDocument): GeneralValues {
  return {
    name: doc.name,
    year: doc.year,
    legalBasis: { ...doc.legalBasis },
    unitGroups: doc.unitGroups.map((g) => ({ ...g })),
    classification: doc.classification.map((band) => ({
      label: band.label,
      minPercent: band.minPercent,
      minEachFieldPercent: band.minEachFieldPercent ?? null,
    })),
    ranking: { ...doc.ranking },
  };
}

function toDoc(doc: IndexSetDocument, all: GeneralValues): IndexSetDocument {
  const legal = Object.fromEntries(
    Object.entries(all.legalBasis ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as IndexSetDocument['legalBasis'];
  const next: IndexSetDocument = {
    ...doc,
    name: all.name ?? '',
    year: all.year as number,
    unitGroups: (all.unitGroups ?? []).map((g) => ({ code: g?.code ?? '', name: g?.name ?? '' })),
    classification: (all.classification ?? []).map((band) => {
      const out: ClassificationBand = { label: band?.label ?? '', minPercent: band?.minPercent as number };
      if (typeof band?.minEachFieldPercent === 'number') {
        out.minEachFieldPercent = band.minEachFieldPercent;
      }
      return out;
    }),
    ranking: all.ranking,
  };
  if (legal && Object.keys(legal).length > 0) {
    next.legalBasis = legal;
  } else {
    delete next.legalBasis;
  }
  return next;
}

/**
 * The set's general information, unit groups, classification bands and ranking rules. Writes each
 * change into the edited document. The code identifies the set's versions and is not edited here
 * (a set for another code is made with "Nhân bản").
 */
export function GeneralForm({
  doc,
  readOnly,
  onChange,
}: {
  doc: IndexSetDocument;
  readOnly: boolean;
  onChange: (doc: IndexSetDocument) => void;
}) {
  return readOnly ? <GeneralView doc={doc} /> : <GeneralEditForm doc={doc} onChange={onChange} />;
}

function GeneralEditForm({
  doc,
  onChange,
}: {
  doc: IndexSetDocument;
  onChange: (doc: IndexSetDocument) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [form] = Form.useForm<GeneralValues>();

  return (
    <Form<GeneralValues>
      form={form}
      name="index-set-general"
      layout="vertical"
      initialValues={fromDoc(doc)}
      onValuesChange={(_, all) => onChange(toDoc(doc, all))}
      data-testid="index-set-general-form"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('indexSets.generalInfo')}</h2>}
          >
            <Form.Item
              label={t('indexSets.setCode')}
              htmlFor="index-set-general-code"
              extra={t('indexSets.setCodeHint')}
            >
              <Input
                id="index-set-general-code"
                value={doc.code}
                readOnly
                disabled
                style={{ maxWidth: 320 }}
              />
            </Form.Item>
            <Form.Item
              label={t('indexSets.setName')}
              name="name"
              rules={[requiredText(t), maxRule(t, EDITOR_LIMITS.name)]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
            <Form.Item
              label={t('indexSets.year')}
              name="year"
              rules={[
                { required: true, message: t('common.required') },
                {
                  validator: async (_, value: unknown) => {
                    if (
                      typeof value === 'number' &&
                      (!Number.isInteger(value) || value < YEAR_MIN || value > YEAR_MAX)
                    ) {
                      throw new Error(t('indexSets.errYear', { min: YEAR_MIN, max: YEAR_MAX }));
                    }
                  },
                },
              ]}
            >
              <DecimalInput step={1} style={{ maxWidth: 160 }} />
            </Form.Item>
            <fieldset style={listStyle}>
              <legend style={{ fontWeight: 600, fontSize: 14, marginBottom: 8 }}>
                {t('indexSets.legalBasis')}
              </legend>
              <Flex gap={12} wrap>
                <Form.Item
                  label={t('indexSets.legalNumber')}
                  name={['legalBasis', 'number']}
                  style={{ flex: '1 1 200px' }}
                  rules={[maxRule(t, EDITOR_LIMITS.legalNumber)]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item
                  label={t('indexSets.legalDate')}
                  name={['legalBasis', 'date']}
                  style={{ flex: '1 1 200px' }}
                  getValueProps={(value: string | undefined) => ({ value: value ? dayjs(value) : null })}
                  normalize={(value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : '')}
                >
                  <DatePicker
                    format={lang === 'vi' ? 'DD/MM/YYYY' : 'YYYY-MM-DD'}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Flex>
              <Form.Item
                label={t('indexSets.legalTitle')}
                name={['legalBasis', 'title']}
                rules={[maxRule(t, EDITOR_LIMITS.legalTitle)]}
              >
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
            </fieldset>
          </Card>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('indexSets.ranking')}</h2>}
          >
            <Form.Item label={t('indexSets.rankingTies')} name={['ranking', 'ties']}>
              <Radio.Group
                options={[
                  { value: 'dense', label: t('indexSets.tiesDense') },
                  { value: 'competition', label: t('indexSets.tiesCompetition') },
                ]}
              />
            </Form.Item>
            <Form.Item
              label={t('indexSets.rankingScope')}
              name={['ranking', 'scope']}
              style={{ marginBottom: 0 }}
            >
              <Radio.Group
                options={[
                  { value: 'all', label: t('indexSets.scopeAll') },
                  { value: 'unitGroup', label: t('indexSets.scopeUnitGroup') },
                ]}
              />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('indexSets.unitGroups')}</h2>}>
            <Form.List name="unitGroups">
              {(fields, { add, remove, move }) => (
                <fieldset style={listStyle} data-testid="index-set-unit-groups">
                  <legend className="sr-only">{t('indexSets.unitGroups')}</legend>
                  <Heads labels={[t('indexSets.groupCode'), t('indexSets.groupName')]} />
                  {fields.map(({ key, name }, index) => (
                    <Flex key={key} gap={8} align="flex-start">
                      <Form.Item
                        name={[name, 'code']}
                        style={cell}
                        rules={[requiredText(t), maxRule(t, EDITOR_LIMITS.itemCode)]}
                      >
                        <Input aria-label={`${t('indexSets.groupCode')} ${index + 1}`} autoComplete="off" />
                      </Form.Item>
                      <Form.Item
                        name={[name, 'name']}
                        style={{ ...cell, flex: '2 1 0' }}
                        rules={[requiredText(t), maxRule(t, EDITOR_LIMITS.name)]}
                      >
                        <Input aria-label={`${t('indexSets.groupName')} ${index + 1}`} autoComplete="off" />
                      </Form.Item>
                      <RowButtons
                        index={index}
                        count={fields.length}
                        move={move}
                        remove={() => remove(name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ code: '', name: '' })}
                  >
                    {t('indexSets.addGroup')}
                  </Button>
                </fieldset>
              )}
            </Form.List>
          </Card>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('indexSets.classification')}</h2>}
          >
            <Form.List name="classification">
              {(fields, { add, remove, move }) => (
                <fieldset style={listStyle} data-testid="index-set-classification">
                  <legend className="sr-only">{t('indexSets.classification')}</legend>
                  <Heads
                    labels={[
                      t('indexSets.bandLabel'),
                      t('indexSets.bandMinPercent'),
                      t('indexSets.bandMinEachField'),
                    ]}
                  />
                  {fields.map(({ key, name }, index) => (
                    <Flex key={key} gap={8} align="flex-start">
                      <Form.Item
                        name={[name, 'label']}
                        style={cell}
                        rules={[requiredText(t), maxRule(t, EDITOR_LIMITS.label)]}
                      >
                        <Input aria-label={`${t('indexSets.bandLabel')} ${index + 1}`} autoComplete="off" />
                      </Form.Item>
                      <Form.Item name={[name, 'minPercent']} style={cell} rules={percentRules(t)}>
                        <DecimalInput aria-label={`${t('indexSets.bandMinPercent')} ${index + 1}`} step={1} />
                      </Form.Item>
                      <Form.Item
                        name={[name, 'minEachFieldPercent']}
                        style={cell}
                        rules={percentRules(t, false)}
                      >
                        <DecimalInput
                          aria-label={`${t('indexSets.bandMinEachField')} ${index + 1}`}
                          step={1}
                        />
                      </Form.Item>
                      <RowButtons
                        index={index}
                        count={fields.length}
                        move={move}
                        remove={() => remove(name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ label: '', minPercent: 0, minEachFieldPercent: null })}
                  >
                    {t('indexSets.addBand')}
                  </Button>
                  <p style={{ ...headStyle, marginTop: 8 }}>{t('indexSets.classificationHint')}</p>
                </fieldset>
              )}
            </Form.List>
          </Card>
        </Col>
      </Row>
    </Form>
  );
}

const viewProps = {
  size: 'small',
  bordered: true,
  column: 1,
  styles: { label: { width: '40%', color: 'rgba(0,0,0,0.78)' }, content: { color: 'rgba(0,0,0,0.88)' } },
} as const;

/** The general information as text (a published version, or a user who may not edit). */
function GeneralView({ doc }: { doc: IndexSetDocument }) {
  const t = useT();
  const lang = useLang();
  const percent = (value: number | undefined) =>
    value === undefined
      ? t('common.none')
      : `${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value)}%`;
  const info: DescriptionsProps['items'] = [
    { key: 'code', label: t('indexSets.setCode'), children: doc.code },
    { key: 'name', label: t('indexSets.setName'), children: doc.name },
    { key: 'year', label: t('indexSets.year'), children: doc.year },
    {
      key: 'number',
      label: t('indexSets.legalNumber'),
      children: doc.legalBasis?.number || t('common.none'),
    },
    {
      key: 'date',
      label: t('indexSets.legalDate'),
      children: doc.legalBasis?.date ? formatDate(doc.legalBasis.date, lang) : t('common.none'),
    },
    { key: 'title', label: t('indexSets.legalTitle'), children: doc.legalBasis?.title || t('common.none') },
  ];
  const ranking: DescriptionsProps['items'] = [
    {
      key: 'ties',
      label: t('indexSets.rankingTies'),
      children: doc.ranking.ties === 'dense' ? t('indexSets.tiesDense') : t('indexSets.tiesCompetition'),
    },
    {
      key: 'scope',
      label: t('indexSets.rankingScope'),
      children: doc.ranking.scope === 'all' ? t('indexSets.scopeAll') : t('indexSets.scopeUnitGroup'),
    },
  ];
  const title = (text: string) => <h2 style={{ fontSize: 15, margin: 0 }}>{text}</h2>;
  return (
    <Row gutter={[16, 16]} data-testid="index-set-general-view">
      <Col xs={24} lg={12}>
        <Card size="small" title={title(t('indexSets.generalInfo'))}>
          <Descriptions {...viewProps} items={info} />
        </Card>
        <Card size="small" style={{ marginTop: 16 }} title={title(t('indexSets.ranking'))}>
          <Descriptions {...viewProps} items={ranking} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={title(t('indexSets.unitGroups'))}>
          <Table
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={doc.unitGroups}
            columns={[
              { title: t('indexSets.groupCode'), dataIndex: 'code', key: 'code', width: '35%' },
              { title: t('indexSets.groupName'), dataIndex: 'name', key: 'name' },
            ]}
          />
        </Card>
        <Card size="small" style={{ marginTop: 16 }} title={title(t('indexSets.classification'))}>
          <Table
            size="small"
            pagination={false}
            rowKey="label"
            dataSource={doc.classification}
            columns={[
              { title: t('indexSets.bandLabel'), dataIndex: 'label', key: 'label' },
              {
                title: t('indexSets.bandMinPercent'),
                dataIndex: 'minPercent',
                key: 'minPercent',
                render: (value: number) => percent(value),
              },
              {
                title: t('indexSets.bandMinEachField'),
                dataIndex: 'minEachFieldPercent',
                key: 'minEachFieldPercent',
                render: (value: number | undefined) => percent(value),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
            {t('indexSets.classificationHint')}
          </Typography.Paragraph>
        </Card>
      </Col>
    </Row>
  );
}
