import { Scalar } from '@scalar/hono-api-reference';
import { ApiError, ErrorSchema } from './errors';
import { newApp } from './app';
import { corsFromEnv } from './middleware/cors';
import { jsonBody } from './middleware/json-body';
import { pokeOutboxAfterWrites } from './middleware/outbox-poke';
import { requestContext } from './middleware/request-context';
import { services } from './middleware/services';
import { textPolicy } from './middleware/text-policy';
import { approvalRoutes } from './routes/approvals';
import { attachmentRoutes, isAttachmentUploadPath } from './routes/attachments';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { connectionRoutes } from './routes/connections';
import { conversationRoutes } from './routes/conversations';
import { customerRoutes } from './routes/customers';
import { devRoutes } from './routes/dev';
import { healthRoutes } from './routes/health';
import { memberRoutes } from './routes/members';
import { messageRoutes } from './routes/messages';
import { opsRoutes } from './routes/ops';
import { orderRoutes } from './routes/orders';
import { paymentRoutes } from './routes/payments';
import { permissionRoutes } from './routes/permissions';
import { IMPORT_PATH } from './routes/products/import';
import { productRoutes } from './routes/products';
import { realtimeRoutes } from './routes/realtime';
import { roleRoutes } from './routes/roles';
import { statsRoutes } from './routes/stats';
import { stockRoutes } from './routes/stock';
import { workspaceRoutes } from './routes/workspaces';
import { devMetrics } from '../core/observability/metrics';
import { infobipWebhookRoutes } from './routes/webhooks/infobip';

export const API_VERSION = '1.0.0';

const isWebhookPath = (path: string) => path.startsWith('/api/v1/webhooks/');

/** The HTTP API: health, `/api/v1/*`, the OpenAPI document and its reference page. */
export function createApi() {
  const app = newApp();
  app.use('/api/*', corsFromEnv);
  app.use('*', requestContext);
  app.use('*', services);
  app.use('/api/v1/*', pokeOutboxAfterWrites({ except: isWebhookPath }));
  app.use(
    '/api/*',
    jsonBody({
      except: (path) => isWebhookPath(path) || path === IMPORT_PATH || isAttachmentUploadPath(path),
    }),
  );
  // NUL or unpaired surrogates in a path, query or JSON body → 400; the webhook stores them cleaned.
  app.use('*', textPolicy({ exceptBody: isWebhookPath }));

  app.route('/', healthRoutes);
  app.route('/', authRoutes);
  app.route('/', workspaceRoutes);
  app.route('/', memberRoutes);
  app.route('/', roleRoutes);
  app.route('/', permissionRoutes);
  app.route('/', auditRoutes);
  app.route('/', stockRoutes);
  app.route('/', orderRoutes);
  app.route('/', customerRoutes);
  app.route('/', paymentRoutes);
  app.route('/', attachmentRoutes);
  app.route('/', productRoutes);
  app.route('/', conversationRoutes);
  app.route('/', approvalRoutes);
  app.route('/', connectionRoutes);
  app.route('/', messageRoutes);
  app.route('/', opsRoutes);
  app.route('/', realtimeRoutes);
  app.route('/', statsRoutes);
  app.route('/', infobipWebhookRoutes);
  app.route('/', devRoutes);

  app.get('/metrics', (c) => {
    if (c.env.ENVIRONMENT === 'production') throw new ApiError('NOT_FOUND', 'Not found');
    return c.text(devMetrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' });
  });

  app.openAPIRegistry.register('Error', ErrorSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Nexova API',
      version: API_VERSION,
      description:
        'Multi-tenant API of Nexova. Tenant routes take `x-workspace-id`. Errors: `{ "error": { "code", "message", "requestId", "details"? } }`. Any route answers 400 `VALIDATION_FAILED` for a path segment, query parameter or JSON body string containing NUL or an unpaired UTF-16 surrogate, naming the field.',
    },
  });
  app.get('/api/docs', Scalar({ url: '/api/openapi.json', pageTitle: 'Nexova API' }));

  app.notFound((c) => {
    throw new ApiError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`);
  });
  return app;
}
