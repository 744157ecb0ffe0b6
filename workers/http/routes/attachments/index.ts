import { newApp } from '../../app';
import { registerDownloadAttachment } from './download';
import { registerListOrderAttachments } from './list';
import { registerUploadAttachments } from './upload';

export { isAttachmentUploadPath } from './upload';

/**
 * Receipts and order files: `POST /api/v1/{payments/{id}|orders/{orderId}}/attachments`,
 * `GET /api/v1/orders/{orderId}/attachments`, `GET /api/v1/attachments/{id}`.
 */
export const attachmentRoutes = newApp();
registerUploadAttachments(attachmentRoutes);
registerDownloadAttachment(attachmentRoutes);
registerListOrderAttachments(attachmentRoutes);
