import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { mailOutbox } from '../../../db/schema';
import type { Environment } from '../../env';
import type { Logger } from '../observability/logger';

export interface Mail {
  to: string;
  subject: string;
  /** Plain-text body; may carry secrets (reset links), so it is never logged. */
  text: string;
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

/** Production without a mail adapter: the mail is dropped with an error log, never stored. */
export class UnconfiguredMailer implements Mailer {
  constructor(private readonly logger: Logger) {}

  async send(mail: Mail): Promise<void> {
    this.logger.error('no mail adapter configured: mail dropped', { to: mail.to, subject: mail.subject });
  }
}

/** The mailer for an environment: the outbox everywhere but production, where no adapter exists yet. */
export function createMailer(deps: { environment: Environment; db: DbOrTx; logger: Logger }): Mailer {
  return deps.environment === 'production'
    ? new UnconfiguredMailer(deps.logger)
    : new OutboxMailer(deps.db, deps.logger);
}
