import { App, Button, Card, DatePicker, Flex, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useId, useState } from 'react';
import { describeError } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useSetAppealWindow } from '../api';
import { useCouncilT } from '../messages';
import { SectionTitle } from './shared';

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;

/** The Office, after approval: until which day units may file appeals (kiến nghị). */
export function AppealWindowCard({
  campaignId,
  appealUntil,
}: {
  campaignId: string;
  appealUntil: string | null;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const { message } = App.useApp();
  const id = useId();
  const save = useSetAppealWindow(campaignId);
  const [date, setDate] = useState<Dayjs | null>(appealUntil ? dayjs(appealUntil) : null);

  const submit = (until: string | null) =>
    save.mutate(until, {
      onSuccess: (view) => {
        setDate(view.appealUntil ? dayjs(view.appealUntil) : null);
        void message.success(t('results.appealWindowSaved'));
      },
      onError: (e) => void message.error(describeError(e, lang), 8),
    });

  return (
    <Card
      size="small"
      title={<SectionTitle id="results-appeal-window">{t('results.appealWindow')}</SectionTitle>}
      data-testid="appeal-window"
    >
      <Typography.Paragraph data-testid="appeal-window-current" strong>
        {appealUntil
          ? t('results.appealUntilCurrent', { date: formatDate(appealUntil, lang) })
          : t('results.appealUntilNone')}
      </Typography.Paragraph>
      <Flex gap={12} align="end" wrap>
        <Flex vertical gap={4}>
          <label htmlFor={id}>{t('results.appealUntil')}</label>
          <DatePicker
            id={id}
            value={date}
            onChange={setDate}
            format={PICKER_FORMAT[lang]}
            placeholder={t('council.datePlaceholder')}
            style={{ width: 200 }}
            data-testid="appeal-window-date"
          />
        </Flex>
        <Button
          type="primary"
          onClick={() => submit(date ? date.format('YYYY-MM-DD') : null)}
          loading={save.isPending && save.variables !== null}
          disabled={!date}
          data-testid="appeal-window-save"
        >
          {t('results.appealWindowSave')}
        </Button>
        {appealUntil ? (
          <Button
            onClick={() => submit(null)}
            loading={save.isPending && save.variables === null}
            data-testid="appeal-window-clear"
          >
            {t('results.appealWindowClear')}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}
