import { InfoCircleOutlined, SaveOutlined } from '@ant-design/icons';
import {
  type DocumentSettingsInput,
  type DocumentSettingsView,
  REPORTS_LIMITS,
  type Signer,
} from '@cchc/domain/api/reports';
import { Alert, App, Button, Card, Flex, Form, type FormInstance, Input, Skeleton, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { type ReactNode, useState } from 'react';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { ForbiddenResult } from '../../../components/ui/result-pages';
import { describeError, fieldErrors, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { type Lang, useLang } from '../../../lib/i18n';
import { useDocumentSettings, useSaveDocumentSettings } from '../api';
import { type ReportsMessageKey, type ReportsT, useReportsT } from '../messages';
import { joinLines, splitLines } from '../model';
import { useLeaveGuard } from '../use-leave-guard';
import { useScrollIntoViewWhen } from '../use-scroll-into-view';
import { savedLine } from './report-draft-editor';

const SIGNERS = ['reportSigner', 'decisionSigner', 'minutesChair', 'minutesSecretary'] as const;
type SignerField = (typeof SIGNERS)[number];
const SIGNER_PARTS = ['authority', 'title', 'name'] as const;
const RECIPIENTS = ['reportRecipients', 'decisionRecipients'] as const;
type RecipientsField = (typeof RECIPIENTS)[number];
const SYMBOLS = ['reportSymbol', 'decisionSymbol', 'minutesSymbol'] as const;
const AGENCY = ['agencyName', 'issuerName', 'officeName', 'councilName', 'place', 'headTitle'] as const;
type AgencyField = (typeof AGENCY)[number];

/** Same rule as the server's DocSymbol. */
const SYMBOL_PATTERN = /^[\p{L}\d.\-/]+$/u;

interface Values {
  agencyName: string;
  issuerName: string;
  officeName: string;
  councilName: string;
  place: string;
  headTitle: string;
  reportSymbol: string;
  decisionSymbol: string;
  minutesSymbol: string;
  reportSigner: Signer;
  decisionSigner: Signer;
  minutesChair: Signer;
  minutesSecretary: Signer;
  /** One recipient per line. */
  reportRecipients: string;
  decisionRecipients: string;
}

function toValues(v: DocumentSettingsView): Values {
  const signer = (s: Signer): Signer => ({ authority: s.authority, title: s.title, name: s.name });
  return {
    agencyName: v.agencyName,
    issuerName: v.issuerName,
    officeName: v.officeName,
    councilName: v.councilName,
    place: v.place,
    headTitle: v.headTitle,
    reportSymbol: v.reportSymbol,
    decisionSymbol: v.decisionSymbol,
    minutesSymbol: v.minutesSymbol,
    reportSigner: signer(v.reportSigner),
    decisionSigner: signer(v.decisionSigner),
    minutesChair: signer(v.minutesChair),
    minutesSecretary: signer(v.minutesSecretary),
    reportRecipients: joinLines(v.reportRecipients),
    decisionRecipients: joinLines(v.decisionRecipients),
  };
}

/** Line numbers (1-based, in the TextArea) of the recipients sent, blank lines skipped. */
function recipientLineNumbers(text: string | undefined): number[] {
  return (text ?? '').split(/\r\n?|\n/).flatMap((line, i) => (line.trim().length > 0 ? [i + 1] : []));
}

function toInput(v: Values, rowVersion: number): DocumentSettingsInput {
  const trim = (s: string | undefined) => (s ?? '').trim();
  const signer = (s: Signer | undefined): Signer => ({
    authority: trim(s?.authority),
    title: trim(s?.title),
    name: trim(s?.name),
  });
  return {
    rowVersion,
    agencyName: trim(v.agencyName),
    issuerName: trim(v.issuerName),
    officeName: trim(v.officeName),
    councilName: trim(v.councilName),
    place: trim(v.place),
    headTitle: trim(v.headTitle),
    reportSymbol: trim(v.reportSymbol),
    decisionSymbol: trim(v.decisionSymbol),
    minutesSymbol: trim(v.minutesSymbol),
    reportSigner: signer(v.reportSigner),
    decisionSigner: signer(v.decisionSigner),
    minutesChair: signer(v.minutesChair),
    minutesSecretary: signer(v.minutesSecretary),
    reportRecipients: splitLines(v.reportRecipients),
    decisionRecipients: splitLines(v.decisionRecipients),
  };
}

/**
 * Server field errors on the form: `reportSigner.title` on its input; `reportRecipients.3` on the
 * recipients TextArea as "Dòng 5: …" (its line in the TextArea). Returns the general message.
 */
function applyServerErrors(
  form: FormInstance,
  error: unknown,
  lang: Lang,
  t: ReportsT,
): { message: string; first: (string | number)[] | null } {
  const values = form.getFieldsValue(true) as Values;
  const recipientErrors: Partial<Record<RecipientsField, string[]>> = {};
  const others: { name: (string | number)[]; errors: string[] }[] = [];
  for (const field of fieldErrors(error, lang)) {
    const [head, index] = field.name;
    if (RECIPIENTS.includes(head as RecipientsField)) {
      const key = head as RecipientsField;
      const texts = field.errors.map((text) => {
        if (typeof index !== 'number') {
          return text;
        }
        const line = recipientLineNumbers(values[key])[index] ?? index + 1;
        return t('settings.recipientLine', { line, message: text });
      });
      recipientErrors[key] = [...(recipientErrors[key] ?? []), ...texts];
    } else {
      others.push(field);
    }
  }
  const fields = [
    ...others,
    ...Object.entries(recipientErrors).map(([name, errors]) => ({ name: [name], errors: errors ?? [] })),
  ];
  form.setFields(fields);
  return { message: describeError(error, lang), first: fields[0]?.name ?? null };
}

/** "Thiết lập văn bản" (/settings/documents). */
export function DocumentSettingsPage() {
  const t = useReportsT();
  const settings = useDocumentSettings();
  if (settings.isError && isApiError(settings.error) && settings.error.status === 403) {
    return <ForbiddenResult />;
  }
  let body: ReactNode;
  if (settings.isPending) {
    body = <Skeleton active paragraph={{ rows: 12 }} />;
  } else if (settings.isError) {
    body = <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  } else {
    body = (
      <DocumentSettingsForm latest={settings.data} refetch={async () => (await settings.refetch()).data} />
    );
  }
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Alert
        type="info"
        showIcon
        icon={<InfoCircleOutlined />}
        title={t('settings.hint')}
        style={{ marginBottom: 16, maxWidth: 1000 }}
        data-testid="document-settings-hint"
      />
      {body}
    </>
  );
}

function DocumentSettingsForm({
  latest,
  refetch,
}: {
  latest: DocumentSettingsView;
  refetch: () => Promise<DocumentSettingsView | undefined>;
}) {
  const t = useReportsT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveDocumentSettings();
  const [base, setBase] = useState<DocumentSettingsView>(latest);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<DocumentSettingsView | null>(null);
  const canEdit = base.canEdit;
  useLeaveGuard(canEdit && dirty);
  const conflictRef = useScrollIntoViewWhen<HTMLDivElement>(conflict);
  const errorRef = useScrollIntoViewWhen<HTMLDivElement>(error);

  const load = (view: DocumentSettingsView) => {
    setBase(view);
    form.resetFields();
    form.setFieldsValue(toValues(view));
    setDirty(false);
    setConflict(null);
    setError(null);
  };

  const submit = (rowVersion: number) => {
    setError(null);
    const values = form.getFieldsValue(true) as Values;
    save.mutate(toInput(values, rowVersion), {
      onSuccess: (view) => {
        load(view);
        void message.success(t('settings.saved'));
      },
      onError: async (e) => {
        if (isApiError(e) && e.code === 'EDIT_CONFLICT') {
          const fresh = await refetch();
          setConflict(fresh ?? latest);
          return;
        }
        const { message: text, first } = applyServerErrors(form, e, lang, t);
        setError(text);
        if (first) {
          form.scrollToField(first, { block: 'center' });
        }
      },
    });
  };

  const required: Rule = { required: true, whitespace: true, message: t('form.required') };
  const max = (n: number): Rule => ({ max: n, message: t('form.maxLength', { max: n }) });
  const symbolRules: Rule[] = [
    required,
    max(REPORTS_LIMITS.symbolMax),
    {
      validator: (_, value: string | undefined) =>
        !value?.trim() || SYMBOL_PATTERN.test(value.trim())
          ? Promise.resolve()
          : Promise.reject(new Error(t('settings.symbolPattern'))),
    },
  ];
  const recipientRules: Rule[] = [
    {
      validator: (_, value: string | undefined) => {
        const lines = (value ?? '').split(/\r\n?|\n/);
        const kept = splitLines(value);
        if (kept.length > REPORTS_LIMITS.recipientsMax) {
          return Promise.reject(
            new Error(t('settings.recipientsTooMany', { max: REPORTS_LIMITS.recipientsMax })),
          );
        }
        const long = lines.findIndex((line) => line.trim().length > REPORTS_LIMITS.recipientMax);
        return long < 0
          ? Promise.resolve()
          : Promise.reject(
              new Error(t('settings.recipientTooLong', { line: long + 1, max: REPORTS_LIMITS.recipientMax })),
            );
      },
    },
  ];

  const agencyRules = (field: AgencyField): Rule[] =>
    field === 'agencyName'
      ? [max(REPORTS_LIMITS.nameMax)]
      : [required, max(field === 'place' ? REPORTS_LIMITS.placeMax : REPORTS_LIMITS.nameMax)];
  const agencyHint: Partial<Record<AgencyField, ReportsMessageKey>> = {
    agencyName: 'settings.agencyNameHint',
    officeName: 'settings.officeNameHint',
    place: 'settings.placeHint',
    headTitle: 'settings.headTitleHint',
  };
  const cardTitle = (key: ReportsMessageKey) => (
    <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
      {t(key)}
    </Typography.Title>
  );
  const last = savedLine(t, lang, base.updatedAt, base.updatedByName, {
    withName: 'settings.lastSaved',
    noName: 'settings.lastSavedNoName',
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={toValues(base)}
      disabled={!canEdit || save.isPending}
      onValuesChange={() => {
        setDirty(true);
        setError(null);
      }}
      onFinish={() => submit(base.rowVersion)}
      scrollToFirstError={{ block: 'center' }}
      style={{ maxWidth: 1000 }}
      data-testid="document-settings-form"
    >
      <Flex vertical gap={16}>
        {canEdit ? null : (
          <Alert
            type="info"
            showIcon
            title={t('settings.readOnly')}
            data-testid="document-settings-read-only"
          />
        )}
        {canEdit && !base.saved ? (
          <Alert
            type="warning"
            showIcon
            title={t('settings.defaults')}
            data-testid="document-settings-defaults"
          />
        ) : null}
        {conflict ? (
          <div ref={conflictRef}>
            <Alert
              type="warning"
              showIcon
              data-testid="document-settings-conflict"
              title={
                conflict.updatedAt && conflict.updatedByName
                  ? t('conflict.titleBy', {
                      name: conflict.updatedByName,
                      at: formatDateTime(conflict.updatedAt, lang),
                    })
                  : t('settings.conflict')
              }
              description={
                <Flex vertical gap={8}>
                  <span>{t('conflict.body')}</span>
                  <Flex gap={8} wrap>
                    <Button
                      disabled={false}
                      onClick={() => load(conflict)}
                      data-testid="document-settings-conflict-reload"
                    >
                      {t('conflict.reload')}
                    </Button>
                    <Button
                      danger
                      disabled={false}
                      loading={save.isPending}
                      onClick={() =>
                        void form
                          .validateFields()
                          .then(() => submit(conflict.rowVersion))
                          .catch(() => undefined)
                      }
                      data-testid="document-settings-conflict-overwrite"
                    >
                      {t('conflict.overwrite')}
                    </Button>
                  </Flex>
                </Flex>
              }
            />
          </div>
        ) : null}
        {error ? (
          <div ref={errorRef}>
            <Alert type="error" showIcon title={error} data-testid="document-settings-error" />
          </div>
        ) : null}

        <Card size="small" title={cardTitle('settings.agencyTitle')}>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))',
              columnGap: 16,
            }}
          >
            {AGENCY.map((field) => (
              <Form.Item
                key={field}
                name={field}
                label={t(`settings.${field}`)}
                rules={agencyRules(field)}
                extra={agencyHint[field] ? t(agencyHint[field]) : undefined}
              >
                <Input autoComplete="off" data-testid={`document-settings-${field}`} />
              </Form.Item>
            ))}
          </div>
        </Card>

        <Card size="small" title={cardTitle('settings.symbolsTitle')}>
          <Typography.Paragraph type="secondary">{t('settings.symbolsHint')}</Typography.Paragraph>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
              columnGap: 16,
            }}
          >
            {SYMBOLS.map((field) => (
              <Form.Item key={field} name={field} label={t(`settings.${field}`)} rules={symbolRules}>
                <Input
                  autoComplete="off"
                  spellCheck={false}
                  prefix={<span style={{ color: '#595959' }}>Số: …/</span>}
                  data-testid={`document-settings-${field}`}
                />
              </Form.Item>
            ))}
          </div>
        </Card>

        <Card size="small" title={cardTitle('settings.signersTitle')}>
          <Typography.Paragraph type="secondary">{t('settings.signersHint')}</Typography.Paragraph>
          <Flex vertical gap={4}>
            {SIGNERS.map((signer) => (
              <SignerRow key={signer} signer={signer} />
            ))}
          </Flex>
        </Card>

        <Card size="small" title={cardTitle('settings.recipientsTitle')}>
          <Typography.Paragraph type="secondary">
            {t('settings.recipientsHint', { max: REPORTS_LIMITS.recipientsMax })}
          </Typography.Paragraph>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))',
              columnGap: 16,
            }}
          >
            {RECIPIENTS.map((field) => (
              <Form.Item key={field} name={field} label={t(`settings.${field}`)} rules={recipientRules}>
                <Input.TextArea
                  autoSize={{ minRows: 4, maxRows: 12 }}
                  spellCheck={false}
                  data-testid={`document-settings-${field}`}
                />
              </Form.Item>
            ))}
          </div>
        </Card>

        <Flex align="center" gap={12} wrap>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined aria-hidden />}
            loading={save.isPending}
            disabled={!canEdit || conflict !== null}
            data-testid="document-settings-save"
          >
            {t('settings.save')}
          </Button>
          {dirty && canEdit ? (
            <Typography.Text strong style={{ color: '#7a3e00' }} data-testid="document-settings-unsaved">
              {t('settings.unsaved')}
            </Typography.Text>
          ) : null}
          {last ? (
            <Typography.Text type="secondary" data-testid="document-settings-last-saved">
              {last}
            </Typography.Text>
          ) : null}
        </Flex>
      </Flex>
    </Form>
  );
}

/** One signer: authority line, title, name — on one row on a wide screen. */
function SignerRow({ signer }: { signer: SignerField }) {
  const t = useReportsT();
  const labelId = `document-settings-${signer}-label`;
  const partLabel = {
    authority: t('settings.authority'),
    title: t('settings.signerTitle'),
    name: t('settings.signerName'),
  } as const;
  return (
    <fieldset
      aria-labelledby={labelId}
      style={{ border: 0, borderTop: '1px solid #f0f0f0', padding: '10px 0 0', margin: 0 }}
      data-testid={`document-settings-${signer}`}
    >
      <div id={labelId} style={{ fontWeight: 600, marginBottom: 6 }}>
        {t(`settings.${signer}`)}
      </div>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
          columnGap: 16,
        }}
      >
        {SIGNER_PARTS.map((part) => (
          <Form.Item
            key={part}
            name={[signer, part]}
            label={partLabel[part]}
            rules={[
              ...(part === 'title'
                ? [{ required: true, whitespace: true, message: t('form.required') }]
                : []),
              { max: REPORTS_LIMITS.nameMax, message: t('form.maxLength', { max: REPORTS_LIMITS.nameMax }) },
            ]}
            style={{ marginBottom: 12 }}
          >
            <Input
              autoComplete="off"
              placeholder={part === 'authority' ? t('settings.authorityPlaceholder') : undefined}
              data-testid={`document-settings-${signer}-${part}`}
            />
          </Form.Item>
        ))}
      </div>
    </fieldset>
  );
}
