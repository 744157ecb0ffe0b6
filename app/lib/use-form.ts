import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from './api';
import { fieldErrors, serverFieldErrors, type FieldErrors } from './schemas';

/**
 * Form state validated with a zod schema: `submit` validates on the client, runs `action` with
 * the parsed values, and maps a server validation error to its field (or keeps it as the
 * form-level error shown on top).
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
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await action(parsed.data);
    } catch (error) {
      const mapped = error instanceof ApiError ? serverFieldErrors(error, fields) : {};
      if (Object.keys(mapped).length) setErrors(mapped);
      else setFormError(error);
    } finally {
      setSubmitting(false);
    }
  }

  return { values, setValues, set, text, errors, setErrors, formError, setFormError, submitting, submit };
}
