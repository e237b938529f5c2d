import nodemailer from 'nodemailer';
import type { Config } from '../config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * Stable per delivery (`<delivery-id@cchc>`): if a worker dies after the SMTP server accepted a
   * message but before the log was updated, the retry carries the same Message-ID, which mail
   * servers and clients use to drop the duplicate.
   */
  messageId: string;
}

export interface Mailer {
  /** False when SMTP_HOST is unset; `disabledReason` then says why, in Vietnamese, for the delivery log. */
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  /** Resolves once the SMTP server accepted the message; throws with the server's reply otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const MAIL_DISABLED_REASON = 'Chưa cấu hình máy chủ thư (SMTP_HOST)';

/**
 * Timeouts far below the job lease (2 min): a hung SMTP server must fail the attempt, not let the
 * lease expire while a second worker sends the same message.
 */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/**
 * The e-mail transport from configuration. Without SMTP_HOST e-mail is off: EMAIL deliveries are
 * still logged, as FAILED with MAIL_DISABLED_REASON and not retried, so the Office sees which
 * units were reached in the app only (docs/reminders.md).
 */
export function createMailer(config: Pick<Config, 'smtp' | 'mailFrom'>): Mailer {
  const smtp = config.smtp;
  if (!smtp) {
    return {
      enabled: false,
      disabledReason: MAIL_DISABLED_REASON,
      send: () => Promise.reject(new Error(MAIL_DISABLED_REASON)),
      close: () => {},
    };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    ...TIMEOUTS,
  });
  return {
    enabled: true,
    disabledReason: null,
    async send(message) {
      await transport.sendMail({
        from: config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      });
    },
    close: () => transport.close(),
  };
}
