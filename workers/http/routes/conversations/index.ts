import { newApp } from '../../app';
import { registerConversationControls } from './control';
import { registerGetConversation } from './get';
import { registerListHandoffs } from './handoffs';
import { registerListConversations } from './list';
import { registerListMessages } from './messages';
import { registerMarkRead } from './read';
import { registerReply } from './reply';
import { registerSimulate } from './simulate';

/** `/api/v1/conversations…`: the inbox, transcripts, handoff (assign, reply, release), and the simulator. */
export const conversationRoutes = newApp();
registerSimulate(conversationRoutes);
registerListConversations(conversationRoutes);
registerGetConversation(conversationRoutes);
registerListMessages(conversationRoutes);
registerReply(conversationRoutes);
registerMarkRead(conversationRoutes);
registerListHandoffs(conversationRoutes);
registerConversationControls(conversationRoutes);
