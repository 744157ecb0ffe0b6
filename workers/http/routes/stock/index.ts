import { newApp } from '../../app';
import { registerAdjustStock } from './adjust';
import { registerListStock } from './list';
import { registerListStockMovements } from './movements';
import { registerReleaseReservation } from './release';
import { registerReserveStock } from './reserve';

/** `/api/v1/stock`, `/stock/movements`, `/stock/adjust`, `/stock/reserve`, `/stock/release`; mounted at `/`. */
export const stockRoutes = newApp();
registerListStock(stockRoutes);
registerListStockMovements(stockRoutes);
registerAdjustStock(stockRoutes);
registerReserveStock(stockRoutes);
registerReleaseReservation(stockRoutes);
