/** Stock: levels, the movement ledger, manual adjustments and reservations (with their expiry). */
export { adjustStock, type AdjustStockInput, type AdjustStockError } from './adjust';
export { expireReservations } from './expiry';
export { countLowStock, getStockLevel, listStock, type ListStockInput } from './levels';
export { listMovements, type ListMovementsInput } from './movements';
export {
  commitReservation,
  releaseReservation,
  reserveStock,
  type ReservationResult,
  type ReserveStockInput,
} from './reservations';
export * from './schemas';
export type { Actor, Reservation, StockCounts, StockDeps, StockLevel, StockMovement } from './types';
