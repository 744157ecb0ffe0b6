import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { mailOutbox } from '../../../db/schema';
import type { Environment } from '../bindings';
import type { Logger } from '../observability/logger';
import { fail, ok, type Result } from '../result';

export interface Mail {
  to: string;
  subject: string;
  /** Plain-text body; may carry secrets (reset links), so it is never logged. */
  text: string;
  /** The same content as HTML, for clients that show it. */
  html?: string;
}

/** Sends transactional e-mail. Implementations never log the body. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Development and tests: the mail is written to `mail_outbox` so a developer (or a test) can
 * read the link it carries; the log line names recipient and subject only.
 */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly db: DbOrTx,
    private readonly logger: Logger,
  ) {}

  async send(mail: Mail): Promise<void> {
    const id = newId('mail');
    await this.db.insert(mailOutbox).values({ id, to: mail.to, subject: mail.subject, body: mail.text });
    this.logger.info('mail written to the development outbox', { mailId: id, to: mail.to, subject: mail.subject });
  }
}

/** Where production mail goes: an HTTP mail API (docs/adr/0004-mail-through-an-http-api.md). */
export interface MailConfig {
  /** `MAIL_API_URL`; Resend's endpoint when unset. */
  url?: string;
  /** `MAIL_API_KEY` (secret), sent as a bearer token. */
  apiKey?: string;
  /** `MAIL_FROM`, e.g. `Nexova <no-reply@nexova.app>`. */
  from?: string;
}

export const DEFAULT_MAIL_API_URL = 'https://api.resend.com/emails';

/**
 * Production: one `POST` of JSON `{ from, to, subject, text, html }` with a bearer key — the
 * request shape Resend, and most transactional mail APIs, accept. A non-2xx answer throws, with
 * the status only (the body may echo the recipient or the content).
 */
export class HttpMailer implements Mailer {
  constructor(
    private readonly config: Required<MailConfig>,
    private readonly logger: Logger,
  ) {}

  async send(mail: Mail): Promise<void> {
    const res = await fetch(this.config.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        from: this.config.from,
        to: [mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      }),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`mail API answered ${res.status}`);
    this.logger.info('mail sent', { to: mail.to, subject: mail.subject });
  }
}

/**
 * The mailer for an environment: the development outbox everywhere but production, where the
 * HTTP adapter needs `MAIL_API_KEY` and `MAIL_FROM`. Production without them fails with
 * MAIL_NOT_CONFIGURED, so the flow refuses to start instead of dropping the mail.
 */
export function createMailer(deps: {
  environment: Environment;
  db: DbOrTx;
  logger: Logger;
  mail?: MailConfig;
}): Result<Mailer, 'MAIL_NOT_CONFIGURED'> {
  if (deps.environment !== 'production') return ok(new OutboxMailer(deps.db, deps.logger));
  const { apiKey, from, url } = deps.mail ?? {};
  if (!apiKey || !from) return fail('MAIL_NOT_CONFIGURED', 'E-mail is not configured: set MAIL_API_KEY and MAIL_FROM');
  return ok(new HttpMailer({ apiKey, from, url: url || DEFAULT_MAIL_API_URL }, deps.logger));
}
