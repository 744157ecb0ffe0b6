import { newApp } from '../../app';
import { registerDecideApproval } from './decide';
import { registerListApprovals } from './list';

/** `/api/v1/approvals…`: agent actions an operator approves or rejects. */
export const approvalRoutes = newApp();
registerListApprovals(approvalRoutes);
registerDecideApproval(approvalRoutes);
