import { MessageCircle } from 'lucide-react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../stores/auth';

/** Login, sign-up and password screens: a centred card; a signed-in visitor goes to the app. */
export default function AuthLayout() {
  const status = useAuth((s) => s.status);
  const location = useLocation();
  if (status === 'authenticated' && location.pathname !== '/reset-password') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-10">
      <div className="mb-6 flex items-center gap-2 text-xl font-semibold text-slate-900">
        <span className="flex size-9 items-center justify-center rounded-lg bg-brand-600 text-white">
          <MessageCircle className="size-5" aria-hidden />
        </span>
        Nexova
      </div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <Outlet />
      </div>
    </main>
  );
}
