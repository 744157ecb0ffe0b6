import { index, layout, route, type RouteConfig } from '@react-router/dev/routes';

/** One module per screen, so each is its own chunk (route-level code splitting). */
export default [
  layout('routes/auth-layout.tsx', [
    route('login', 'routes/login.tsx'),
    route('register', 'routes/register.tsx'),
    route('forgot-password', 'routes/forgot-password.tsx'),
    route('reset-password', 'routes/reset-password.tsx'),
  ]),
  route('workspaces', 'routes/workspaces.tsx'),
  layout('routes/app-layout.tsx', [
    index('routes/home.tsx'),
    route('inbox', 'routes/inbox.tsx'),
    route('approvals', 'routes/approvals.tsx'),
    route('simulator', 'routes/simulator.tsx'),
    route('orders', 'routes/orders.tsx'),
    route('orders/new', 'routes/order-new.tsx'),
    route('orders/:id', 'routes/order-detail.tsx'),
    route('products', 'routes/products.tsx'),
    route('products/new', 'routes/product-new.tsx'),
    route('products/import', 'routes/product-import.tsx'),
    route('products/:id', 'routes/product-edit.tsx'),
    route('stock', 'routes/stock.tsx'),
    route('customers', 'routes/customers.tsx'),
    route('customers/:id', 'routes/customer-detail.tsx'),
    route('operations', 'routes/operations.tsx'),
    route('settings/:tab?', 'routes/settings.tsx'),
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
