import { useState } from 'react';
import type { z } from 'zod';
import { fieldErrorsOf } from './errors';
import { fieldErrors, type FieldErrors } from './schemas';

/**
 * Form state validated with a zod schema: `submit` validates on the client, runs `action` with
 * the parsed values, and maps a server error to the fields it is about, in Spanish (or keeps it
 * as the form-level error shown on top). After a failed submit the first invalid field is
 * scrolled into view (below the sticky header, via `scroll-margin-top`) and focused.
 */
export function useForm<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  initial: z.input<S>,
  fields: readonly string[] = Object.keys(initial as object),
) {
  const [values, setValues] = useState<z.input<S>>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const set = <K extends keyof z.input<S>>(key: K, value: z.input<S>[K]) => {
    setValues((v) => ({ ...(v as object), [key]: value }) as z.input<S>);
    setErrors((e) => {
      if (!e[key as string]) return e;
      const next = { ...e };
      delete next[key as string];
      return next;
    });
  };

  /** Props binding a text input to a string field: its name, current value and change handler. */
  const text = <K extends keyof z.input<S> & string>(key: K) => ({
    name: key,
    value: String((values as Record<string, unknown>)[key] ?? ''),
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as z.input<S>[K]),
  });

  /**
   * Validates and runs `action`. `form`: the submitted `<form>`, whose named fields win over the
   * state (what was typed before the page finished hydrating is in the DOM, not in the state).
   */
  async function submit(action: (parsed: z.output<S>) => Promise<void>, form?: HTMLFormElement) {
    setFormError(null);
    let current = values;
    if (form) {
      const typed = Object.fromEntries([...new FormData(form)].filter(([, v]) => typeof v === 'string'));
      current = { ...(values as object), ...typed } as z.input<S>;
      setValues(current);
    }
    const parsed = schema.safeParse(current);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await action(parsed.data);
    } catch (error) {
      const mapped = fieldErrorsOf(error, fields, current);
      if (Object.keys(mapped).length) {
        setErrors(mapped);
        focusFirstInvalid();
      } else setFormError(error);
    } finally {
      setSubmitting(false);
    }
  }

  return { values, setValues, set, text, errors, setErrors, formError, setFormError, submitting, submit };
}

/** After React has rendered the errors: scrolls the first `aria-invalid` field into view and focuses it. */
function focusFirstInvalid() {
  if (typeof window === 'undefined') return;
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView({ block: 'center', behavior: 'smooth' });
    field.focus({ preventScroll: true });
  });
}
