import { newApp } from '../../app';
import { registerCreateProduct } from './create';
import { registerDeleteProduct } from './delete';
import { registerGetProduct } from './get';
import { registerImportProducts } from './import';
import { registerListProducts } from './list';
import { registerUpdateProduct } from './update';
import { registerCreateVariant } from './variant-create';
import { registerDeleteVariant } from './variant-delete';
import { registerUpdateVariant } from './variant-update';

/** `/api/v1/products[/{id}[/variants[/{variantId}]]]` and `/api/v1/products/import`; mounted at `/`. */
export const productRoutes = newApp();
// The import goes first so `import` is never taken for a product id.
registerImportProducts(productRoutes);
registerListProducts(productRoutes);
registerCreateProduct(productRoutes);
registerGetProduct(productRoutes);
registerUpdateProduct(productRoutes);
registerDeleteProduct(productRoutes);
registerCreateVariant(productRoutes);
registerUpdateVariant(productRoutes);
registerDeleteVariant(productRoutes);
