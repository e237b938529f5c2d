import { daysUntil, formatLocalDateVi, isPast } from '@cchc/domain/campaign/calendar';

/** Every reminder subject starts with this, so recipients can filter the mails. */
export const SUBJECT_PREFIX = '[Chỉ số CCHC]';

export interface ReminderTextInput {
  campaignName: string;
  unitName: string;
  recipientName: string;
  /** The unit's own deadline (extension applied), or null when the campaign has none. */
  dueDate: string | null;
  /** The ladder step; null for a reminder sent by hand by the Office. */
  offsetDays: number | null;
  /** For manual reminders: the text is worded from the time it is sent. */
  now: Date;
  scorecardStatus: string;
  answeredCount: number;
  applicableCount: number;
  /** The recipient is the unit head (escalation wording). */
  isHead: boolean;
  message?: string | null | undefined;
}

function headline(input: ReminderTextInput): string {
  const due = input.dueDate ? ` (hạn ${formatLocalDateVi(input.dueDate)})` : '';
  const offset = input.offsetDays;
  if (offset !== null) {
    // Ladder steps are worded from the rule, not from the clock: a step sent a few minutes late
    // (worker poll, retry) must still say "còn 7 ngày", the promise of the ladder.
    if (offset < 0) {
      return `Nhắc hạn tự đánh giá: còn ${-offset} ngày${due}`;
    }
    return offset === 0 ? `Đã quá hạn tự đánh giá${due}` : `Đã quá hạn tự đánh giá ${offset} ngày${due}`;
  }
  if (!input.dueDate) {
    return 'Văn phòng đôn đốc hoàn thành tự đánh giá';
  }
  if (isPast(input.dueDate, input.now)) {
    return `Văn phòng đôn đốc: đã quá hạn tự đánh giá${due}`;
  }
  const days = daysUntil(input.dueDate, input.now);
  return days === 0
    ? `Văn phòng đôn đốc: hôm nay là hạn tự đánh giá${due}`
    : `Văn phòng đôn đốc: còn ${days} ngày đến hạn tự đánh giá${due}`;
}

/** Subject (e-mail) / title (in-app) and body of one reminder, in Vietnamese. */
export function reminderTexts(input: ReminderTextInput): { subject: string; title: string; body: string } {
  const title = headline(input);
  const overdue =
    input.dueDate !== null &&
    (input.offsetDays === null ? isPast(input.dueDate, input.now) : input.offsetDays >= 0);
  const lines = [
    `Kính gửi ${input.recipientName},`,
    '',
    `Đơn vị ${input.unitName} chưa nộp kết quả tự đánh giá Chỉ số CCHC — ${input.campaignName}.`,
  ];
  if (input.scorecardStatus === 'RETURNED') {
    lines.push('Bản tự đánh giá đã được Văn phòng trả lại; đề nghị hoàn thiện và nộp lại.');
  }
  if (input.dueDate) {
    const date = formatLocalDateVi(input.dueDate);
    lines.push(
      overdue
        ? `Hạn nộp đã qua: hết ngày ${date} (giờ Việt Nam).`
        : `Hạn nộp: hết ngày ${date} (giờ Việt Nam).`,
    );
  }
  lines.push(`Tiến độ: đã trả lời ${input.answeredCount}/${input.applicableCount} tiêu chí.`);
  if (input.message) {
    lines.push('', `Lời nhắn của Văn phòng: ${input.message}`);
  }
  if (overdue && input.isHead) {
    lines.push('', 'Đề nghị Thủ trưởng đơn vị chỉ đạo hoàn thành và nộp kết quả tự đánh giá ngay.');
  }
  return { subject: `${SUBJECT_PREFIX} ${title}`, title, body: lines.join('\n') };
}

/** The e-mail text: the body plus the absolute link (the in-app notification links by itself). */
export function mailText(body: string, url: string): string {
  return [
    body,
    '',
    `Truy cập hệ thống: ${url}`,
    '',
    'Thư này được gửi tự động từ hệ thống Chỉ số CCHC; vui lòng không trả lời thư này.',
  ].join('\n');
}
