import type { ReactNode } from 'react';
import { Button, Card, cx, FormError } from '../ui';

/** What `SettingsForm` uses of `useForm(...)`. */
interface SettingsFormState<T> {
  formError: unknown;
  submitting: boolean;
  submit: (action: (parsed: T) => Promise<void>) => Promise<void>;
}

/**
 * A settings panel that edits workspace settings: the form error, the fields (disabled when the
 * role cannot change settings) and "Guardar" (hidden then). `onSave` runs with the validated values.
 */
export function SettingsForm<T>({
  form,
  readOnly,
  onSave,
  className,
  children,
}: {
  form: SettingsFormState<T>;
  readOnly: boolean;
  onSave: (parsed: T) => Promise<void>;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Card className={cx('p-5', className)}>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit(onSave);
        }}
      >
        <FormError error={form.formError} />
        <fieldset disabled={readOnly} className="space-y-4">
          {children}
        </fieldset>
        {!readOnly && (
          <Button type="submit" loading={form.submitting}>
            Guardar
          </Button>
        )}
      </form>
    </Card>
  );
}
