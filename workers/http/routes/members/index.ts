import { newApp } from '../../app';
import { registerInviteMember } from './invite';
import { registerListMembers } from './list';
import { registerRemoveMember } from './remove';
import { registerUpdateMember } from './update';

/** `/api/v1/workspaces/{id}/members[/{memberId}]`; mounted at `/`. */
export const memberRoutes = newApp();
registerListMembers(memberRoutes);
registerInviteMember(memberRoutes);
registerUpdateMember(memberRoutes);
registerRemoveMember(memberRoutes);
