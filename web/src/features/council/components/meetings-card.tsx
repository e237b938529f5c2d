import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { APPRAISAL_LIMITS, type CouncilView, type MeetingView } from '@cchc/domain/api/appraisal';
import { LIMITS } from '@cchc/domain/validation';
import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatDate, formatDateTime } from '../../../lib/format';
import { applyApiError } from '../../../lib/forms';
import { useLang } from '../../../lib/i18n';
import { useSaveMeeting } from '../api';
import { useCouncilT } from '../messages';
import { NamesInput } from './names-input';
import { CouncilFormModal, SectionTitle, textRules } from './shared';

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;

interface MeetingForm {
  heldOn: Dayjs | null;
  place: string;
  chairName: string;
  membersPresent: string[];
  notes: string;
}

function MeetingModal({
  campaignId,
  meeting,
  onClose,
}: {
  campaignId: string;
  meeting: MeetingView | null;
  onClose: () => void;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingForm>();
  const [error, setError] = useState<string | null>(null);
  const save = useSaveMeeting(campaignId);

  const onFinish = (values: MeetingForm) => {
    setError(null);
    save.mutate(
      {
        id: meeting?.id ?? null,
        input: {
          heldOn: values.heldOn ? values.heldOn.format('YYYY-MM-DD') : '',
          place: values.place,
          chairName: values.chairName,
          membersPresent: values.membersPresent.map((m) => m.trim()).filter(Boolean),
          notes: values.notes ?? '',
        },
      },
      {
        onSuccess: () => {
          void message.success(t('council.meetingSaved'));
          onClose();
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <CouncilFormModal<MeetingForm>
      title={meeting ? t('council.editMeeting') : t('council.addMeeting')}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={save.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      testId="meeting-form"
      saveTestId="meeting-save"
      initialValues={
        meeting
          ? {
              heldOn: dayjs(meeting.heldOn),
              place: meeting.place,
              chairName: meeting.chairName,
              membersPresent: meeting.membersPresent,
              notes: meeting.notes,
            }
          : { heldOn: null, place: '', chairName: '', membersPresent: [], notes: '' }
      }
    >
      <Flex gap={16} wrap>
        <Form.Item
          name="heldOn"
          label={t('council.meetingDate')}
          rules={[{ required: true, message: t('council.requiredSelect') }]}
          style={{ width: 200 }}
        >
          <DatePicker
            format={PICKER_FORMAT[lang]}
            placeholder={t('council.datePlaceholder')}
            style={{ width: '100%' }}
            data-testid="meeting-date"
          />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('council.meetingPlace')}
          rules={textRules(t, LIMITS.nameMax)}
          style={{ flex: '1 1 240px' }}
        >
          <Input data-testid="meeting-place" />
        </Form.Item>
      </Flex>
      <Form.Item name="chairName" label={t('council.meetingChair')} rules={textRules(t, LIMITS.nameMax)}>
        <Input data-testid="meeting-chair" />
      </Form.Item>
      <Form.Item
        name="membersPresent"
        label={t('council.meetingMembers')}
        extra={t('council.meetingMembersHelp')}
        rules={[
          { required: true, type: 'array', min: 1, message: t('council.required') },
          {
            type: 'array',
            max: APPRAISAL_LIMITS.membersMax,
            message: t('council.maxLength', { max: APPRAISAL_LIMITS.membersMax }),
          },
        ]}
      >
        <NamesInput maxLength={LIMITS.nameMax} testId="meeting-members" />
      </Form.Item>
      <Form.Item
        name="notes"
        label={t('council.meetingNotes')}
        rules={textRules(t, APPRAISAL_LIMITS.decisionTextMax, false)}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="meeting-notes" />
      </Form.Item>
    </CouncilFormModal>
  );
}

/** The council's meetings (date, place, chair, members present, notes), newest first. */
export function MeetingsCard({ council }: { council: CouncilView }) {
  const t = useCouncilT();
  const lang = useLang();
  const [editing, setEditing] = useState<MeetingView | 'new' | null>(null);
  const meetings = [...council.meetings].sort(
    (a, b) => b.heldOn.localeCompare(a.heldOn) || b.at.localeCompare(a.at),
  );

  return (
    <Card
      size="small"
      title={<SectionTitle id="council-meetings">{t('council.meetings')}</SectionTitle>}
      extra={
        council.canRecord ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="meeting-add">
            {t('council.addMeeting')}
          </Button>
        ) : null
      }
      data-testid="council-meetings"
    >
      {meetings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('council.noMeetings')} />
      ) : (
        <Flex vertical gap={12}>
          {meetings.map((m, i) => (
            <section
              key={m.id}
              aria-labelledby={`meeting-${m.id}`}
              style={{
                borderBottom: i < meetings.length - 1 ? '1px solid #eef0f3' : undefined,
                paddingBottom: 8,
              }}
              data-testid={`meeting-${i}`}
            >
              <Flex justify="space-between" align="start" gap={12} wrap>
                <Typography.Title level={3} id={`meeting-${m.id}`} style={{ fontSize: 15, margin: 0 }}>
                  {formatDate(m.heldOn, lang)} — {m.place}
                </Typography.Title>
                {council.canRecord ? (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(m)}
                    aria-label={`${t('council.editMeeting')} ${formatDate(m.heldOn, lang)}`}
                    data-testid={`meeting-edit-${i}`}
                  >
                    {t('council.edit')}
                  </Button>
                ) : null}
              </Flex>
              <div style={{ marginTop: 4 }}>
                <Typography.Text type="secondary">{t('council.meetingChair')}: </Typography.Text>
                {m.chairName}
              </div>
              <Flex gap={4} wrap align="center" style={{ marginTop: 4 }}>
                <Typography.Text type="secondary">
                  {t('council.meetingMembers')} (
                  {t('council.membersCount', { count: m.membersPresent.length })}):
                </Typography.Text>
                {m.membersPresent.map((name) => (
                  <Tag key={name} style={{ marginInlineEnd: 0 }}>
                    {name}
                  </Tag>
                ))}
              </Flex>
              {m.notes ? (
                <Typography.Paragraph style={{ marginTop: 6, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                  {m.notes}
                </Typography.Paragraph>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('council.meetingBy', { name: m.byName, at: formatDateTime(m.at, lang) })}
              </Typography.Text>
            </section>
          ))}
        </Flex>
      )}
      {editing ? (
        <MeetingModal
          campaignId={council.campaignId}
          meeting={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  );
}
