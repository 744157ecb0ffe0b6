import { newApp } from '../../app';
import { developmentOnly } from '../../middleware/development-only';
import { registerInfobipSandbox } from './infobip-sandbox';
import { registerListSandboxMessages } from './sandbox-messages';
import { registerSimulateInbound } from './simulator';

/**
 * `/api/v1/dev/*`: the Infobip sandbox, its message log and the customer simulator. Development
 * and tests only: in production every path here answers 404 like an unknown one.
 */
export const devRoutes = newApp();
devRoutes.use('/api/v1/dev/*', developmentOnly);
registerInfobipSandbox(devRoutes);
registerListSandboxMessages(devRoutes);
registerSimulateInbound(devRoutes);
