import { Link } from 'react-router';
import { Field, FormError, Input, SubmitButton } from '../components/ui';
import { api, login } from '../lib/api';
import { RegisterForm } from '../lib/schemas';
import { useForm } from '../lib/use-form';

export const meta = () => [{ title: 'Crear cuenta · Nexova' }];

export default function Register() {
  const form = useForm(RegisterForm, { firstName: '', lastName: '', email: '', password: '' });
  return (
    <form
      method="post"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(async (values) => {
          await api('/auth/register', { body: values, auth: false, tenant: false });
          await login(values.email, values.password);
        }, event.currentTarget);
      }}
      className="space-y-4"
    >
      <div>
        <h1 className="text-xl font-semibold">Creá tu cuenta</h1>
        <p className="mt-1 text-sm text-slate-600">Después vas a poder crear tu tienda o sumarte a una.</p>
      </div>
      <FormError error={form.formError} />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Nombre" error={form.errors.firstName}>
          {(props) => <Input {...props} autoComplete="given-name" {...form.text('firstName')} />}
        </Field>
        <Field label="Apellido" error={form.errors.lastName}>
          {(props) => <Input {...props} autoComplete="family-name" {...form.text('lastName')} />}
        </Field>
      </div>
      <Field label="E-mail" error={form.errors.email}>
        {(props) => <Input {...props} type="email" autoComplete="email" {...form.text('email')} />}
      </Field>
      <Field
        label="Contraseña"
        error={form.errors.password}
        hint="Entre 8 y 128 caracteres; evitá contraseñas comunes."
      >
        {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.text('password')} />}
      </Field>
      <SubmitButton className="w-full" loading={form.submitting}>
        Crear cuenta
      </SubmitButton>
      <p className="text-center text-sm">
        ¿Ya tenés cuenta?{' '}
        <Link to="/login" className="text-brand-600 hover:underline">
          Ingresá
        </Link>
      </p>
    </form>
  );
}
