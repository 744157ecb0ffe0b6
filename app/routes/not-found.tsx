import { Link } from 'react-router';

export const meta = () => [{ title: 'Página no encontrada · Nexova' }];

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Página no encontrada</h1>
      <p className="text-slate-600">La dirección que abriste no existe en Nexova.</p>
      <Link to="/" className="text-brand-600 hover:underline">
        Ir al inicio
      </Link>
    </main>
  );
}
