import { newApp } from '../../app';
import { registerListFailedMessages } from './failed';
import { registerRetryMessage } from './retry';

/** `/api/v1/messages/failed` and `/api/v1/messages/:id/retry`: undelivered outbound messages. */
export const messageRoutes = newApp();
registerListFailedMessages(messageRoutes);
registerRetryMessage(messageRoutes);
