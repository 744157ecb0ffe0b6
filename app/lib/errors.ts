import { ApiError } from './api';

/**
 * API errors in the shop's words. The API answers `{ error: { code, message, requestId, details } }`
 * with English messages for developers; the dashboard never shows those. Each known message
 * becomes a Spanish sentence (and names the form field it is about, so the field is marked),
 * each code has a Spanish fallback, and anything unknown says so in Spanish with the request id.
 */

/** What a failed request means for a field of the form: its name (last path segment) and, optionally, its value. */
export interface FieldHint {
  /** The field's name or path as the API sends it (`sku`, `variants.0.sku`, `address.city`). */
  field: string;
  /** When the field is a list item's (`variants.*.sku`), the value that picks the item. */
  value?: string;
}

interface Described {
  message: string;
  hint?: FieldHint;
}

type Rule = [RegExp, (m: RegExpMatchArray) => Described];

/** Known API messages (workers/retail, workers/core, workers/http), most specific first. */
const RULES: Rule[] = [
  [
    /^SKU (.+) already exists in this workspace$/,
    (m) => ({
      message: `Ya hay un producto con el SKU ${m[1]} en esta tienda. Elegí otro.`,
      hint: { field: 'sku', value: m[1] },
    }),
  ],
  [
    /^SKU (.+) is given twice$/,
    (m) => ({ message: `El SKU ${m[1]} está repetido.`, hint: { field: 'sku', value: m[1] } }),
  ],
  [
    /^Another customer already has this phone number$/,
    () => ({
      message: 'Ya hay otro cliente con este teléfono. Si es la misma persona, uní los dos clientes.',
      hint: { field: 'phone' },
    }),
  ],
  [
    /^Another customer already has this WhatsApp identity$/,
    () => ({
      message: 'Ya hay otro cliente con esta cuenta de WhatsApp.',
      hint: { field: 'waUserId' },
    }),
  ],
  [
    /^Not a valid phone number/,
    () => ({
      message: 'No es un teléfono válido. Probá con el código de área, por ejemplo 11 6625 9127.',
      hint: { field: 'phone' },
    }),
  ],
  [/phone: not a valid phone number$/, () => ({ message: 'No es un teléfono válido.', hint: { field: 'phone' } })],
  [
    /^An account with this e-mail already exists$/,
    () => ({
      message: 'Ya existe una cuenta con este e-mail.',
      hint: { field: 'email' },
    }),
  ],
  [
    /^(.+) is already a member of this workspace$/,
    (m) => ({
      message: `${m[1]} ya es parte del equipo.`,
      hint: { field: 'email' },
    }),
  ],
  [
    /^A role named "(.+)" already exists$/,
    (m) => ({ message: `Ya hay un rol llamado "${m[1]}".`, hint: { field: 'name' } }),
  ],
  [/^Invalid email or password$/, () => ({ message: 'El e-mail o la contraseña no son correctos.' })],
  [
    /^Invalid or expired reset token$/,
    () => ({
      message: 'El enlace para cambiar la contraseña venció o ya se usó. Pedí uno nuevo.',
    }),
  ],
  [
    /^Not enough stock(?: of (.+))?: requested (\d+), available (\d+)$/,
    (m) => ({
      message: `No hay stock suficiente${m[1] ? ` de ${m[1]}` : ''}: pediste ${m[2]} y hay ${m[3]}.`,
    }),
  ],
  [/^(.+) is not for sale/, (m) => ({ message: `${m[1]} no está a la venta (archivado o producto inactivo).` })],
  [/has no items$/, () => ({ message: 'El pedido no tiene productos: agregá al menos uno.' })],
  [/^A (\w+) order takes no payments$/, () => ({ message: 'Este pedido no admite pagos en su estado actual.' })],
  [/^The payment is already/, () => ({ message: 'Ese pago ya fue revisado.' })],
  [
    /^The last Owner cannot be removed|^The workspace needs at least one Owner/,
    () => ({
      message: 'La tienda necesita al menos un dueño: hacé dueña a otra persona primero.',
    }),
  ],
  [/^Only an Owner can/, () => ({ message: 'Solo un dueño de la tienda puede hacer esto.' })],
  [
    /^The role is held by members/,
    () => ({
      message: 'Hay miembros con este rol: asignales otro rol antes de eliminarlo.',
    }),
  ],
  [/system role/, () => ({ message: 'Los roles de sistema no se pueden modificar.' })],
  [/^You cannot grant/, () => ({ message: 'No podés dar permisos que vos no tenés.' })],
  [/^A customer cannot be merged into itself$/, () => ({ message: 'No se puede unir un cliente consigo mismo.' })],
  [/already merged into another$/, () => ({ message: 'Ese cliente ya se unió a otro.' })],
  [
    /^Price .+ is above the maximum/,
    () => ({ message: 'El precio supera el máximo permitido.', hint: { field: 'price' } }),
  ],
  [/^Malformed CSV at line (\d+)/, (m) => ({ message: `El archivo CSV tiene un error en la línea ${m[1]}.` })],
  [
    /^The header must name a sku column$/,
    () => ({ message: 'La primera fila del CSV tiene que tener una columna "sku".' }),
  ],
  [/^The file has a header but no data rows$|^The file is empty$/, () => ({ message: 'El archivo no tiene filas.' })],
  [
    /^The file has (\d+) rows; import at most (\d+)/,
    (m) => ({
      message: `El archivo tiene ${m[1]} filas; podés importar hasta ${m[2]} por vez.`,
    }),
  ],
  [
    /^Only JPEG, PNG, WebP/,
    () => ({ message: 'Ese tipo de archivo no se acepta: subí una foto (JPEG, PNG o WebP) o un PDF.' }),
  ],
  [/^Files are limited to/, () => ({ message: 'El archivo es demasiado grande (máximo 10 MB).' })],
  [
    /^A DELIVERY needs an address$/,
    () => ({ message: 'Para enviar el pedido falta la dirección.', hint: { field: 'street' } }),
  ],
  [/^The order is in (\w+), not (\w+)$/, (m) => ({ message: `El pedido está en ${m[1]}, no en ${m[2]}.` })],
];

/** Spanish for each code the API answers with (workers/http/errors.ts ERROR_CODES), when the message is not known. */
const BY_CODE: Record<string, string> = {
  BAD_REQUEST: 'El pedido al servidor no es válido.',
  VALIDATION_FAILED: 'Revisá los datos marcados.',
  UNAUTHORIZED: 'Tu sesión venció. Volvé a ingresar.',
  FORBIDDEN: 'No tenés permiso para esta acción.',
  NOT_FOUND: 'No lo encontramos: puede que lo hayan borrado.',
  CONFLICT: 'No se pudo guardar porque choca con datos existentes.',
  INSUFFICIENT_STOCK: 'No hay stock suficiente.',
  INVALID_TRANSITION: 'El pedido ya cambió de estado: actualizá la página.',
  WINDOW_CLOSED: 'Pasaron más de 24 horas desde el último mensaje del cliente: solo podés enviarle una plantilla.',
  PAYLOAD_TOO_LARGE: 'El archivo o los datos son demasiado grandes.',
  UNSUPPORTED_MEDIA_TYPE: 'Ese tipo de archivo no se acepta.',
  UNPROCESSABLE: 'Este pedido ya se envió con otros datos. Recargá la página y probá de nuevo.',
  RATE_LIMITED: 'Demasiados intentos seguidos. Esperá un momento y probá de nuevo.',
  SERVICE_UNAVAILABLE: 'El servicio no está disponible en este momento. Probá de nuevo en unos minutos.',
  NETWORK_ERROR: 'No se pudo conectar con el servidor. Revisá tu conexión.',
};

/** A zod issue code (the server's `details.issues[].code`) in Spanish. */
const BY_ISSUE: Record<string, string> = {
  too_small: 'Completá este campo (es demasiado corto o chico).',
  too_big: 'Es demasiado largo o grande.',
  invalid_type: 'Falta este dato o no es válido.',
  invalid_format: 'El formato no es válido.',
  invalid_value: 'Elegí una de las opciones.',
  unrecognized_keys: 'Hay datos que no corresponden.',
  not_multiple_of: 'El número no es válido.',
};

interface Issue {
  path: string;
  code?: string;
  message: string;
}

function issuesOf(error: ApiError): Issue[] {
  // The server sends the issues as `details` (workers/http/errors.ts invalidInput).
  const details = error.details as unknown;
  const list = Array.isArray(details) ? details : (details as { issues?: unknown } | undefined)?.issues;
  if (Array.isArray(list)) {
    return list.filter((i): i is Issue => typeof i === 'object' && i !== null && typeof (i as Issue).path === 'string');
  }
  const match = error.message.match(/^Invalid (?:body|query|param): ([\w.]+): (.+)$/);
  return match ? [{ path: match[1]!, message: match[2]! }] : [];
}

function describeIssue(issue: Issue): string {
  for (const [re, describe] of RULES) {
    const m = issue.message.match(re);
    if (m) return describe(m).message;
  }
  return BY_ISSUE[issue.code ?? ''] ?? 'Revisá este dato.';
}

/** The Spanish sentence for any error: known message, then the code's fallback, then "inesperado" with the request id. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Ocurrió un error inesperado. Probá de nuevo.';
  for (const [re, describe] of RULES) {
    const m = error.message.match(re);
    if (m) return describe(m).message;
  }
  if (error.code === 'VALIDATION_FAILED') {
    const [first] = issuesOf(error);
    if (first) return `Revisá los datos: ${describeIssue(first)}`;
  }
  const known = BY_CODE[error.code];
  if (known) return known;
  return `Ocurrió un error inesperado (${error.status || 'sin conexión'}).${error.requestId ? ` Si se repite, pasale este código a soporte: ${error.requestId}` : ''}`;
}

/**
 * The form fields an API error is about, with the Spanish message for each: validation issues
 * by their path, known conflicts (a taken SKU, phone, e-mail) by their field. `fields` are the
 * form's field paths (`*` stands for a list index: `variants.*.sku`); `values` are the form's
 * values, to find the list item holding a taken value. `{}` when no field of the form matches.
 */
export function fieldErrorsOf(error: unknown, fields: readonly string[], values: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const matchField = (path: string) => {
    const exact = fields.find((f) => new RegExp(`^${f.replaceAll('.', '\\.').replaceAll('*', '\\d+')}$`).test(path));
    if (exact) return path;
    // The API names a field of the resource (`phone`); the form may nest it (`customer.phone`).
    const suffix = fields.find((f) => !f.includes('*') && (f === path || f.endsWith(`.${path}`)));
    return suffix;
  };
  for (const issue of issuesOf(error)) {
    const field = matchField(issue.path);
    if (field) out[field] ??= describeIssue(issue);
  }
  for (const [re, describe] of RULES) {
    const m = error.message.match(re);
    if (!m) continue;
    const { message, hint } = describe(m);
    if (!hint) break;
    const field =
      hint.value === undefined ? matchField(hint.field) : findByValue(fields, values, hint.field, hint.value);
    if (field) out[field] = message;
    break;
  }
  return out;
}

/** The concrete path (`variants.2.sku`) of a list field named `name` whose value equals `value` (case-insensitive). */
function findByValue(fields: readonly string[], values: unknown, name: string, value: string): string | undefined {
  const wanted = value.trim().toUpperCase();
  for (const pattern of fields.filter((f) => f === name || f.endsWith(`.${name}`))) {
    const parts = pattern.split('.');
    const walk = (node: unknown, i: number, path: string[]): string | undefined => {
      if (i === parts.length)
        return String(node ?? '')
          .trim()
          .toUpperCase() === wanted
          ? path.join('.')
          : undefined;
      if (parts[i] === '*') {
        if (!Array.isArray(node)) return undefined;
        for (let k = 0; k < node.length; k++) {
          const found = walk(node[k], i + 1, [...path, String(k)]);
          if (found) return found;
        }
        return undefined;
      }
      return walk((node as Record<string, unknown> | null)?.[parts[i]!], i + 1, [...path, parts[i]!]);
    };
    const found = walk(values, 0, []);
    if (found) return found;
  }
  return undefined;
}
