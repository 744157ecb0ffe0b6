import { newApp } from '../../app';
import { registerCreateConnection } from './create';
import { registerDeleteConnection } from './delete';
import { registerGetConnection } from './get';
import { registerListConnections } from './list';
import { registerUpdateConnection } from './update';

/** `/api/v1/connections…`: the workspace's Infobip WhatsApp connections. */
export const connectionRoutes = newApp();
registerListConnections(connectionRoutes);
registerCreateConnection(connectionRoutes);
registerGetConnection(connectionRoutes);
registerUpdateConnection(connectionRoutes);
registerDeleteConnection(connectionRoutes);
