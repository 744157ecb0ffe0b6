/**
 * The Infobip sandbox's HTTP face (development only): Infobip's send API, mark-as-read and media
 * download under `/api/v1/dev/infobip/:connectionId`, in Infobip's wire format — answers and
 * errors alike — so the Infobip client cannot tell it from the real thing. Reports are posted
 * back to the webhook after the answer.
 */
import type { Context } from 'hono';
import { log } from '../../../core/observability/logger';
import { findLiveConnection } from '../../../whatsapp/connections';
import {
  acceptSandboxSend,
  emitSandboxReports,
  getSandboxMedia,
  infobipError,
} from '../../../whatsapp/infobip/sandbox';
import { SANDBOX_PATH } from '../../../whatsapp/infobip/transport';
import type { App, AppEnv } from '../../app';

async function sandboxConnection(c: Context<AppEnv>) {
  const connection = await findLiveConnection(c.var.db, c.req.param('connectionId') ?? '');
  return connection ?? null;
}

export const registerInfobipSandbox = (app: App) => {
  app.get(`${SANDBOX_PATH}/:connectionId/whatsapp/1/senders/:sender/media/:mediaId`, async (c) => {
    const connection = await sandboxConnection(c);
    const object = connection && (await getSandboxMedia(c.env.FILES, connection.id, c.req.param('mediaId')));
    if (!object) return c.json(infobipError('NOT_FOUND', 'Media not found'), 404);
    const headers = new Headers({ 'content-type': object.httpMetadata?.contentType ?? 'application/octet-stream' });
    const filename = object.customMetadata?.filename;
    if (filename) headers.set('content-disposition', `attachment; filename="${filename.replaceAll('"', '')}"`);
    return new Response(object.body, { status: 200, headers });
  });

  app.post(`${SANDBOX_PATH}/:connectionId/whatsapp/1/senders/:sender/message/:messageId/read`, async (c) => {
    const connection = await sandboxConnection(c);
    if (!connection) return c.json(infobipError('UNAUTHORIZED', 'Invalid login details'), 401);
    return c.json({}, 200);
  });

  app.post(`${SANDBOX_PATH}/:connectionId/whatsapp/1/*`, async (c) => {
    const connection = await sandboxConnection(c);
    if (!connection) return c.json(infobipError('UNAUTHORIZED', 'Invalid login details'), 401);
    const endpoint = c.req.path.slice(c.req.path.indexOf('/whatsapp/1/') + '/whatsapp/1/'.length);
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) return c.json(infobipError('BAD_REQUEST', 'Invalid JSON body'), 400);
    const result = await acceptSandboxSend(c.var.db, connection, endpoint, body);
    if (!result.ok) return c.json(result.response, result.status);
    if (result.recorded.length > 0) {
      // Like Infobip: the reports come after the answer, on the webhook.
      c.var.afterResponse((db) =>
        emitSandboxReports({ db, env: c.env }, connection, result.recorded).catch((error: unknown) =>
          log.warn('sandbox: reports not delivered', { connectionId: connection.id, error }),
        ),
      );
    }
    return c.json(result.response, 200);
  });
};
