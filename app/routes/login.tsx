import { Link } from 'react-router';
import { Field, FormError, Input, SubmitButton } from '../components/ui';
import { login } from '../lib/api';
import { LoginForm } from '../lib/schemas';
import { useForm } from '../lib/use-form';

export const meta = () => [{ title: 'Ingresar · Nexova' }];

export default function Login() {
  const form = useForm(LoginForm, { email: '', password: '' });
  return (
    <form
      method="post"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // On success the auth layout sends the user on (to `next` or the home page).
        void form.submit((values) => login(values.email, values.password), event.currentTarget);
      }}
      className="space-y-4"
    >
      <div>
        <h1 className="text-xl font-semibold">Ingresá a tu cuenta</h1>
        <p className="mt-1 text-sm text-slate-600">Gestioná pedidos, stock y clientes de tu tienda.</p>
      </div>
      <FormError error={form.formError} />
      <Field label="E-mail" error={form.errors.email}>
        {(props) => <Input {...props} type="email" autoComplete="email" autoFocus {...form.text('email')} />}
      </Field>
      <Field label="Contraseña" error={form.errors.password}>
        {(props) => <Input {...props} type="password" autoComplete="current-password" {...form.text('password')} />}
      </Field>
      <SubmitButton className="w-full" loading={form.submitting}>
        Ingresar
      </SubmitButton>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <Link to="/forgot-password" className="text-brand-600 hover:underline">
          ¿Olvidaste tu contraseña?
        </Link>
        <Link to="/register" className="text-brand-600 hover:underline">
          Crear una cuenta
        </Link>
      </div>
    </form>
  );
}
