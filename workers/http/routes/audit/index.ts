import { newApp } from '../../app';
import { registerExportAudit } from './export';
import { registerListAudit } from './list';

/** `/api/v1/audit…`: the workspace's audit trail, to search and to export. */
export const auditRoutes = newApp();
registerExportAudit(auditRoutes);
registerListAudit(auditRoutes);
