/** The catalogue: products, variants, search and CSV import. Used by the HTTP routes and the agent's tools. */
export { listProducts, searchProducts, type ListProductsInput } from './list';
export { createProduct, deleteProduct, getProduct, updateProduct, type CatalogDeps } from './products';
export {
  addVariant,
  deleteVariant,
  getVariant,
  resolveVariantBySku,
  updateVariant,
  type VariantWithProduct,
} from './variants';
export {
  importProducts,
  type ImportFailure,
  type ImportInput,
  type ImportReport,
  type ImportRowResult,
} from './import';
export { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from './import-rows';
export { parseCsv, type CsvRecord, type CsvTable } from './csv';
export { parsePesos } from './pesos';
export { effectivePrice, type Product, type StockLevel, type Variant } from './views';
export * from './schemas';
