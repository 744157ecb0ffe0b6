import { useState } from 'react';
import { Link } from 'react-router';
import { Field, FormError, Input, SubmitButton } from '../components/ui';
import { api } from '../lib/api';
import { ForgotPasswordForm } from '../lib/schemas';
import { useForm } from '../lib/use-form';

export const meta = () => [{ title: 'Recuperar contraseña · Nexova' }];

export default function ForgotPassword() {
  const form = useForm(ForgotPasswordForm, { email: '' });
  const [sent, setSent] = useState(false);
  if (sent) {
    return (
      <div className="space-y-4" role="status">
        <h1 className="text-xl font-semibold">Revisá tu correo</h1>
        <p className="text-sm text-slate-600">
          Si <strong>{form.values.email}</strong> tiene una cuenta, te enviamos un enlace para elegir una nueva
          contraseña. Vence en una hora.
        </p>
        <Link to="/login" className="text-sm text-brand-600 hover:underline">
          Volver a ingresar
        </Link>
      </div>
    );
  }
  return (
    <form
      method="post"
      noValidate
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(async (values) => {
          await api('/auth/forgot-password', { body: values, auth: false, tenant: false });
          setSent(true);
        }, event.currentTarget);
      }}
    >
      <div>
        <h1 className="text-xl font-semibold">Recuperá tu contraseña</h1>
        <p className="mt-1 text-sm text-slate-600">Te enviamos un enlace para elegir una nueva.</p>
      </div>
      <FormError error={form.formError} />
      <Field label="E-mail" error={form.errors.email}>
        {(props) => <Input {...props} type="email" autoComplete="email" {...form.text('email')} />}
      </Field>
      <SubmitButton className="w-full" loading={form.submitting}>
        Enviar enlace
      </SubmitButton>
      <Link to="/login" className="block text-center text-sm text-brand-600 hover:underline">
        Volver a ingresar
      </Link>
    </form>
  );
}
