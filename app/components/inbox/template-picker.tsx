import { Minus, Plus } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { OperatorReply } from '../../lib/types';
import { Modal, ModalActions } from '../modal';
import { Button, Field, Input } from '../ui';

type TemplateReply = Extract<OperatorReply, { type: 'template' }>;

/**
 * Nexova keeps no list of the templates a workspace has approved in Infobip, so the operator
 * types the name. Suggested: the ones docs/whatsapp-setup.md asks shops to register; remembered:
 * the last ones sent from this browser (per workspace).
 */
const SUGGESTED: Array<{ templateName: string; body: string }> = [
  {
    templateName: 'retomar_conversacion',
    body: 'Hola {{1}}! Te escribimos de {{2}} por tu consulta. ¿Seguimos por acá?',
  },
  {
    templateName: 'pedido_confirmado',
    body: '¡Listo {{1}}! Tu pedido {{2}} quedó confirmado por {{3}}. Te avisamos cuando salga.',
  },
  { templateName: 'pedido_enviado', body: '{{1}}, tu pedido {{2}} ya está en camino. Seguimiento: {{3}}' },
  {
    templateName: 'pago_pendiente',
    body: 'Hola {{1}}, tu pedido {{2}} está reservado hasta {{3}}. Cuando pagues mandanos el comprobante.',
  },
];

const DEFAULT_LANGUAGE = 'es_AR';
const MAX_RECENT = 5;
const NAME_PATTERN = /^[a-z0-9_]{1,512}$/;
const LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2})?$/;

const storageKey = (workspaceId: string) => `nexova:inbox:templates:${workspaceId}`;

function loadRecent(workspaceId: string): TemplateReply[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(workspaceId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (t): t is TemplateReply =>
          typeof t?.templateName === 'string' && typeof t?.language === 'string' && Array.isArray(t?.placeholders),
      )
      .map((t) => ({ ...t, type: 'template', placeholders: t.placeholders.map(String) }));
  } catch {
    return [];
  }
}

/** Remembers a sent template first in the recent list. */
export function rememberTemplate(workspaceId: string, template: TemplateReply) {
  const recent = loadRecent(workspaceId).filter(
    (t) => t.templateName !== template.templateName || t.language !== template.language,
  );
  try {
    localStorage.setItem(storageKey(workspaceId), JSON.stringify([template, ...recent].slice(0, MAX_RECENT)));
  } catch {
    // Storage full or disabled: remembering is a convenience.
  }
}

function placeholderCount(body: string): number {
  const numbers = [...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
  return numbers.length ? Math.max(...numbers) : 0;
}

interface Errors {
  templateName?: string;
  language?: string;
  placeholders?: string;
}

function validate(t: TemplateReply): Errors {
  const errors: Errors = {};
  if (!NAME_PATTERN.test(t.templateName))
    errors.templateName = 'Usá el nombre exacto aprobado: minúsculas, números y guiones bajos.';
  if (!LANGUAGE_PATTERN.test(t.language)) errors.language = 'Código de idioma como es_AR o en.';
  if (t.placeholders.some((p) => !p.trim())) errors.placeholders = 'Completá cada variable o quitala.';
  return errors;
}

export function TemplatePicker({
  open,
  onOpenChange,
  workspaceId,
  customerName,
  onSend,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId: string;
  customerName: string | null;
  onSend: (template: TemplateReply) => void;
}) {
  const listId = useId();
  const [recent, setRecent] = useState<TemplateReply[]>([]);
  const [draft, setDraft] = useState<TemplateReply>({
    type: 'template',
    templateName: '',
    language: DEFAULT_LANGUAGE,
    placeholders: [],
  });
  const [errors, setErrors] = useState<Errors>({});

  // Each opening starts from the last template sent (or the first suggestion).
  useEffect(() => {
    if (!open) return;
    const remembered = loadRecent(workspaceId);
    setRecent(remembered);
    setErrors({});
    setDraft(
      remembered[0] ?? {
        type: 'template',
        templateName: SUGGESTED[0]!.templateName,
        language: DEFAULT_LANGUAGE,
        placeholders: Array.from({ length: placeholderCount(SUGGESTED[0]!.body) }, (_, i) =>
          i === 0 && customerName ? customerName : '',
        ),
      },
    );
  }, [open, workspaceId, customerName]);

  const suggestion = SUGGESTED.find((s) => s.templateName === draft.templateName);
  const chooseName = (templateName: string) => {
    const known = recent.find((t) => t.templateName === templateName);
    const suggested = SUGGESTED.find((s) => s.templateName === templateName);
    setDraft((d) =>
      known
        ? known
        : suggested
          ? {
              ...d,
              templateName,
              placeholders: Array.from(
                { length: placeholderCount(suggested.body) },
                (_, i) => d.placeholders[i] ?? (i === 0 && customerName ? customerName : ''),
              ),
            }
          : { ...d, templateName },
    );
  };
  const setPlaceholder = (index: number, value: string) =>
    setDraft((d) => ({ ...d, placeholders: d.placeholders.map((p, i) => (i === index ? value : p)) }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const template = {
      ...draft,
      templateName: draft.templateName.trim(),
      language: draft.language.trim(),
      placeholders: draft.placeholders.map((p) => p.trim()),
    };
    const found = validate(template);
    setErrors(found);
    if (Object.keys(found).length) return;
    rememberTemplate(workspaceId, template);
    onSend(template);
    onOpenChange(false);
  };

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Enviar plantilla"
      description="Fuera de la ventana de 24 h WhatsApp solo acepta plantillas aprobadas en Infobip. Escribí el nombre exacto con que la aprobaron."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_8rem]">
          <Field label="Nombre de la plantilla" error={errors.templateName}>
            {(props) => (
              <Input
                {...props}
                list={listId}
                autoComplete="off"
                value={draft.templateName}
                onChange={(e) => chooseName(e.target.value)}
              />
            )}
          </Field>
          <Field label="Idioma" error={errors.language}>
            {(props) => (
              <Input
                {...props}
                autoComplete="off"
                value={draft.language}
                onChange={(e) => setDraft((d) => ({ ...d, language: e.target.value }))}
              />
            )}
          </Field>
        </div>
        <datalist id={listId}>
          {recent.map((t) => (
            <option key={`r-${t.templateName}-${t.language}`} value={t.templateName}>
              Usada hace poco
            </option>
          ))}
          {SUGGESTED.filter((s) => !recent.some((t) => t.templateName === s.templateName)).map((s) => (
            <option key={s.templateName} value={s.templateName}>
              Sugerida
            </option>
          ))}
        </datalist>
        {suggestion && (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            <span className="font-medium">Texto sugerido:</span> {suggestion.body}
          </p>
        )}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Variables</legend>
          {draft.placeholders.length === 0 && (
            <p className="text-xs text-slate-500">La plantilla no lleva variables.</p>
          )}
          {draft.placeholders.map((value, index) => (
            <div key={index} className="flex items-center gap-2">
              <span className="w-10 shrink-0 font-mono text-xs text-slate-500">{`{{${index + 1}}}`}</span>
              <Input
                aria-label={`Variable ${index + 1}`}
                value={value}
                onChange={(e) => setPlaceholder(index, e.target.value)}
              />
              <Button
                variant="ghost"
                className="px-2"
                aria-label={`Quitar la variable ${index + 1}`}
                onClick={() => setDraft((d) => ({ ...d, placeholders: d.placeholders.filter((_, i) => i !== index) }))}
              >
                <Minus className="size-4" aria-hidden />
              </Button>
            </div>
          ))}
          {errors.placeholders && (
            <p className="text-xs text-red-600" role="alert">
              {errors.placeholders}
            </p>
          )}
          <Button
            variant="ghost"
            className="px-2 text-xs"
            onClick={() => setDraft((d) => ({ ...d, placeholders: [...d.placeholders, ''] }))}
          >
            <Plus className="size-4" aria-hidden />
            Agregar variable
          </Button>
        </fieldset>
        <ModalActions onCancel={() => onOpenChange(false)}>Enviar plantilla</ModalActions>
      </form>
    </Modal>
  );
}
