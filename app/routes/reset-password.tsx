import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Field, FormError, Input, SubmitButton } from '../components/ui';
import { api } from '../lib/api';
import { ResetPasswordForm } from '../lib/schemas';
import { useForm } from '../lib/use-form';

export const meta = () => [{ title: 'Nueva contraseña · Nexova' }];

export default function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm(ResetPasswordForm, { password: '', confirm: '' });
  const [done, setDone] = useState(false);
  if (!token) {
    return (
      <div className="space-y-3" role="alert">
        <h1 className="text-xl font-semibold">Enlace incompleto</h1>
        <p className="text-sm text-slate-600">Abrí el enlace completo que te enviamos por correo, o pedí uno nuevo.</p>
        <Link to="/forgot-password" className="text-sm text-brand-600 hover:underline">
          Pedir otro enlace
        </Link>
      </div>
    );
  }
  if (done) {
    return (
      <div className="space-y-3" role="status">
        <h1 className="text-xl font-semibold">Contraseña actualizada</h1>
        <p className="text-sm text-slate-600">
          Cerramos tus otras sesiones por seguridad. Ya podés ingresar con la nueva.
        </p>
        <Link to="/login" className="text-sm text-brand-600 hover:underline">
          Ingresar
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
          await api('/auth/reset-password', { body: { token, password: values.password }, auth: false, tenant: false });
          setDone(true);
        }, event.currentTarget);
      }}
    >
      <h1 className="text-xl font-semibold">Elegí una nueva contraseña</h1>
      <FormError error={form.formError} />
      <Field label="Nueva contraseña" error={form.errors.password} hint="Entre 8 y 128 caracteres.">
        {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.text('password')} />}
      </Field>
      <Field label="Repetí la contraseña" error={form.errors.confirm}>
        {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.text('confirm')} />}
      </Field>
      <SubmitButton className="w-full" loading={form.submitting}>
        Guardar contraseña
      </SubmitButton>
    </form>
  );
}
