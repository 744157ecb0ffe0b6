import { newApp } from '../../app';
import { registerConversationControls } from './control';
import { registerGetConversation } from './get';
import { registerListConversations } from './list';
import { registerListMessages } from './messages';
import { registerSimulate } from './simulate';

/** `/api/v1/conversations…`: the inbox, transcripts, operator hand-over, and the simulator. */
export const conversationRoutes = newApp();
registerSimulate(conversationRoutes);
registerListConversations(conversationRoutes);
registerGetConversation(conversationRoutes);
registerListMessages(conversationRoutes);
registerConversationControls(conversationRoutes);
