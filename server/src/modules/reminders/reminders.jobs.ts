import type { Database } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import type { Clock } from '../../platform/clock';
import { iso } from '../../platform/clock';
import { type JobContext, type JobHandler, type PeriodicJob, PermanentJobError } from '../../platform/jobs';
import type { Mailer } from '../../platform/mailer';
import { auditRepo } from '../audit/audit.repo';
import { mailText } from './reminder-texts';
import { remindersRepo, STATUSES_WITH_WORK } from './reminders.repo';
import {
  type DeliverPayload,
  NOTIFICATION_KIND,
  PLAN_EVERY_MS,
  planReminders,
  REMINDER_JOB,
} from './reminders.service';

export interface ReminderJobDeps {
  db: Database;
  clock: Clock;
  mailer: Mailer;
  /** APP_BASE_URL, for the absolute link in e-mails. */
  baseUrl: string;
}

/** The planner runs once a minute (one job per minute across all processes). */
export const REMINDER_PERIODIC_JOBS: readonly PeriodicJob[] = [
  { kind: REMINDER_JOB.plan, everyMs: PLAN_EVERY_MS, maxAttempts: 1 },
];

function parsePayload(payload: unknown): DeliverPayload {
  const p = payload as Partial<DeliverPayload> | null;
  if (
    !p ||
    typeof p.deliveryId !== 'string' ||
    typeof p.scorecardId !== 'string' ||
    typeof p.title !== 'string' ||
    typeof p.body !== 'string' ||
    typeof p.link !== 'string'
  ) {
    throw new PermanentJobError('Dữ liệu việc gửi nhắc không hợp lệ.');
  }
  return p as DeliverPayload;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/**
 * Job handlers of the reminders module, for the worker (main.ts). Delivery is idempotent: the
 * delivery row's status is checked and changed in the same transaction as the notification, and an
 * e-mail is sent only while the row is not SENT, under the job's lease (one worker at a time).
 */
export function createReminderJobHandlers({
  db,
  clock,
  mailer,
  baseUrl,
}: ReminderJobDeps): Record<string, JobHandler> {
  async function fail(
    delivery: {
      id: string;
      campaignId: string;
      unitId: string;
      channel: string;
      recipient: string;
      sentBy: string | null;
    },
    reason: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await inTransaction(db, async (tx) => {
      if (await remindersRepo(tx).markFailed(delivery.id, reason)) {
        await auditRepo(tx).append({
          at: clock.now(),
          actorUserId: delivery.sentBy,
          action: 'reminder.failed',
          entityType: 'reminderDelivery',
          entityId: delivery.id,
          data: {
            campaignId: delivery.campaignId,
            unitId: delivery.unitId,
            channel: delivery.channel,
            recipient: delivery.recipient,
            error: reason,
            ...data,
          },
        });
      }
    });
  }

  async function deliver({ payload, isLastAttempt }: JobContext): Promise<void> {
    const p = parsePayload(payload);
    const repo = remindersRepo(db);
    const delivery = await repo.findDelivery(p.deliveryId);
    if (!delivery) {
      throw new PermanentJobError('Không tìm thấy bản ghi gửi nhắc.');
    }
    if (delivery.status === 'SENT') {
      return;
    }
    // Re-checked at send time: a unit that submitted (or a campaign locked) since the reminder was
    // planned must not be urged. Logged as not sent, with the reason.
    const [scorecard, campaign] = await Promise.all([
      repo.findScorecard(p.scorecardId),
      repo.findCampaign(delivery.campaignId),
    ]);
    if (!scorecard || !(STATUSES_WITH_WORK as readonly string[]).includes(scorecard.status)) {
      await fail(delivery, 'Không gửi: đơn vị đã nộp bản tự đánh giá trước khi nhắc được gửi.', {
        skipped: true,
      });
      return;
    }
    if (campaign?.phase !== 'SELF_ASSESSMENT') {
      await fail(delivery, 'Không gửi: kỳ đánh giá không còn ở giai đoạn tự đánh giá.', { skipped: true });
      return;
    }

    if (delivery.channel === 'IN_APP') {
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        const r = remindersRepo(tx);
        // The status flip and the notification commit together: never two notifications.
        if (!(await r.markSent(delivery.id, iso(now)))) {
          return;
        }
        await r.insertNotification({
          userId: delivery.recipient,
          campaignId: delivery.campaignId,
          kind: NOTIFICATION_KIND,
          title: p.title,
          body: p.body,
          link: p.link,
          now: iso(now),
        });
        await auditRepo(tx).append({
          at: now,
          actorUserId: delivery.sentBy,
          action: 'reminder.sent',
          entityType: 'reminderDelivery',
          entityId: delivery.id,
          data: {
            campaignId: delivery.campaignId,
            unitId: delivery.unitId,
            channel: 'IN_APP',
            userId: delivery.recipient,
          },
        });
      });
      return;
    }

    if (!mailer.enabled) {
      // Configuration will not change before a restart: log it once, do not retry.
      await fail(delivery, mailer.disabledReason ?? 'E-mail đang tắt.', { willRetry: false });
      return;
    }
    try {
      await mailer.send({
        to: delivery.recipient,
        subject: delivery.subject,
        text: mailText(p.body, `${baseUrl}${p.link}`),
        messageId: `<${delivery.id}@cchc>`,
      });
    } catch (error) {
      const reason = errorText(error);
      await fail(delivery, reason, { attempt: delivery.attempts + 1, willRetry: !isLastAttempt });
      // Rethrown so the queue retries with backoff until maxAttempts.
      throw error;
    }
    await inTransaction(db, async (tx) => {
      const now = clock.now();
      if (await remindersRepo(tx).markSent(delivery.id, iso(now))) {
        await auditRepo(tx).append({
          at: now,
          actorUserId: delivery.sentBy,
          action: 'reminder.sent',
          entityType: 'reminderDelivery',
          entityId: delivery.id,
          data: {
            campaignId: delivery.campaignId,
            unitId: delivery.unitId,
            channel: 'EMAIL',
            recipient: delivery.recipient,
          },
        });
      }
    });
  }

  return {
    [REMINDER_JOB.plan]: async ({ now }) => {
      await planReminders(db, now);
    },
    [REMINDER_JOB.deliver]: deliver,
  };
}
