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
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
