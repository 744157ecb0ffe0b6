import './lib/zod-config';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration } from 'react-router';
import stylesheet from './app.css?url';
import { Toaster } from './components/toast';
import { ApiError, bootstrapSession } from './lib/api';

export const links = () => [{ rel: 'stylesheet', href: stylesheet }];

export const meta = () => [{ title: 'Nexova' }, { name: 'description', content: 'Panel de ventas por WhatsApp' }];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="es-AR">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // Client errors (403, 404, validation) will not change on retry.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

export default function App() {
  const [queryClient] = useState(makeQueryClient);
  useEffect(() => {
    void bootstrapSession();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <Outlet />
      <Toaster />
    </QueryClientProvider>
  );
}

export function ErrorBoundary({ error }: { error: unknown }) {
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">{notFound ? 'Página no encontrada' : 'Algo salió mal'}</h1>
      <p className="text-slate-600">
        {notFound ? 'La dirección no existe.' : 'Recargá la página; si el problema sigue, avisá al equipo.'}
      </p>
      <a className="text-brand-600 underline" href="/">
        Volver al inicio
      </a>
    </main>
  );
}
