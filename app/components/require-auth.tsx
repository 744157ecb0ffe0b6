import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../stores/auth';

export function FullPageLoading() {
  return (
    <div className="flex min-h-screen items-center justify-center text-sm text-slate-500" role="status">
      <span className="mr-2 inline-block size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
      Cargando Nexova…
    </div>
  );
}

/** Renders `children` once the session is known to be valid; otherwise goes to the login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useAuth((s) => s.status);
  const location = useLocation();
  if (status === 'unknown') return <FullPageLoading />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
