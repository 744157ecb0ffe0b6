import { z } from 'zod';
import { parseMoney } from './format';

/**
 * Client-side validation of the dashboard's forms, in Spanish. The rules follow the API's
 * request schemas (workers/http/routes/<resource>/schema.ts and the retail input schemas); those
 * modules cannot be bundled for the browser as they pull in server code (drizzle tables), so
 * the limits are repeated here and the API stays the authority.
 */
const required = (label: string) => z.string().trim().min(1, `${label} es obligatorio`);
const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'El e-mail es obligatorio')
  .email('Ingresá un e-mail válido')
  .max(254);
const newPassword = z
  .string()
  .min(8, 'La contraseña debe tener al menos 8 caracteres')
  .max(128, 'La contraseña puede tener hasta 128 caracteres');

export const LoginForm = z.object({
  email: email,
  password: z.string().min(1, 'La contraseña es obligatoria'),
});

export const RegisterForm = z.object({
  firstName: required('El nombre').pipe(z.string().max(100)),
  lastName: required('El apellido').pipe(z.string().max(100)),
  email,
  password: newPassword,
});

export const ForgotPasswordForm = z.object({ email });

export const ResetPasswordForm = z
  .object({ password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: 'Las contraseñas no coinciden', path: ['confirm'] });

export const WorkspaceForm = z.object({
  name: required('El nombre').pipe(z.string().max(100, 'Hasta 100 caracteres')),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Código ISO 4217, por ejemplo ARS'),
  timezone: required('La zona horaria'),
});

/** Pesos typed by an operator → centavos (see parseMoney); an error message when unreadable. */
export const MoneyText = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} es obligatorio`)
    .refine((v) => parseMoney(v) !== null, {
      message: `${label}: ingresá un monto válido, por ejemplo 18500 o 18.500,50`,
    });

const OptionalMoneyText = z
  .string()
  .trim()
  .refine((v) => v === '' || parseMoney(v) !== null, { message: 'Ingresá un monto válido' });

const Count = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{0,9}$/, `${label}: un número entero de 0 en adelante`);

export const VariantForm = z.object({
  id: z.string().optional(),
  sku: z
    .string()
    .trim()
    .min(1, 'El SKU es obligatorio')
    .max(64, 'Hasta 64 caracteres')
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u, 'Letras, números, ".", "_", "-" o "/"'),
  talle: z.string().trim().max(100),
  color: z.string().trim().max(100),
  price: OptionalMoneyText,
  initialStock: Count('Stock inicial'),
  lowStockThreshold: Count('Alerta de stock bajo'),
});

export const ProductForm = z
  .object({
    name: required('El nombre').pipe(z.string().max(200, 'Hasta 200 caracteres')),
    category: z.string().trim().max(100),
    description: z.string().trim().max(5000),
    status: z.enum(['ACTIVE', 'DRAFT', 'ARCHIVED']),
    basePrice: MoneyText('El precio'),
    variants: z.array(VariantForm).max(100),
  })
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.variants.forEach((variant, index) => {
      const sku = variant.sku.trim().toUpperCase();
      if (!sku) return;
      if (seen.has(sku)) ctx.addIssue({ code: 'custom', message: 'SKU repetido', path: ['variants', index, 'sku'] });
      seen.set(sku, index);
    });
  });
export type ProductFormValues = z.input<typeof ProductForm>;

export const AdjustStockForm = z.object({
  mode: z.enum(['delta', 'set']),
  quantity: z
    .string()
    .trim()
    .regex(/^-?\d{1,7}$/, 'Ingresá un número entero'),
  reason: z.enum(['ADJUSTMENT', 'RESTOCK', 'RETURN', 'DAMAGE', 'CORRECTION']),
  note: z.string().trim().max(500, 'Hasta 500 caracteres'),
});

export const PaymentForm = z.object({
  method: z.enum(['CASH', 'TRANSFER', 'CARD', 'MERCADOPAGO', 'OTHER']),
  amount: MoneyText('El monto').refine((v) => (parseMoney(v) ?? 0) > 0, 'El monto debe ser mayor que 0'),
  reference: z.string().trim().max(200, 'Hasta 200 caracteres'),
  status: z.enum(['CONFIRMED', 'PENDING']),
});

export const AgentForm = z.object({
  persona: z.string().trim().max(2000, 'Hasta 2000 caracteres'),
  policies: z.string().trim().max(4000, 'Hasta 4000 caracteres'),
  businessHours: z.string().trim().max(1000, 'Hasta 1000 caracteres'),
  sessionTimeoutMinutes: z
    .string()
    .trim()
    .regex(/^$|^\d{1,4}$/, 'Un número de minutos')
    .refine((v) => v === '' || (Number(v) >= 1 && Number(v) <= 1440), 'Entre 1 y 1440 minutos'),
});

export const ConnectionForm = z.object({
  name: z.string().trim().max(80, 'Hasta 80 caracteres'),
  sender: z.string().trim().min(6, 'El número de WhatsApp es obligatorio').max(20),
  baseUrl: z.union([z.literal(''), z.string().trim().url('Una URL como https://xxxx.api.infobip.com')]),
  apiKey: z.string().trim().max(500),
  webhookAuth: z.enum(['HMAC', 'BASIC', 'NONE']),
});

export const InviteForm = z.object({ email, roleId: required('El rol') });

export const RoleForm = z.object({
  name: required('El nombre').pipe(z.string().max(60, 'Hasta 60 caracteres')),
  description: z.string().trim().max(500, 'Hasta 500 caracteres'),
  permissions: z.array(z.string()).max(200),
});

export const CustomerForm = z
  .object({
    name: z.string().trim().max(200),
    phone: z.string().trim().max(40),
    email: z.union([z.literal(''), z.string().trim().email('Ingresá un e-mail válido')]),
    notes: z.string().trim().max(2000),
  })
  .refine((v) => Boolean(v.name || v.phone || v.email), {
    message: 'Completá al menos nombre, teléfono o e-mail',
    path: ['name'],
  });

export type FieldErrors = Record<string, string>;

/** zod issues → `{ "variants.0.sku": "message" }` (the first message of each field). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The customer's editable profile; tags are typed comma-separated ("mayorista, vip"). */
export const CustomerEditForm = z
  .object({
    name: z.string().trim().max(200, 'Hasta 200 caracteres'),
    phone: z.string().trim().max(40, 'Hasta 40 caracteres'),
    email: z.union([z.literal(''), z.string().trim().toLowerCase().email('Ingresá un e-mail válido').max(254)]),
    notes: z.string().trim().max(2000, 'Hasta 2000 caracteres'),
    tags: z
      .string()
      .transform((v) => [
        ...new Set(
          v
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.string().max(40, 'Cada etiqueta, hasta 40 caracteres')).max(20, 'Hasta 20 etiquetas')),
  })
  .refine((v) => Boolean(v.name || v.phone || v.email), {
    message: 'Completá al menos nombre, teléfono o e-mail',
    path: ['name'],
  });

/** A delivery address of a customer (workers/retail/customers/schemas.ts AddressInputSchema). */
export const AddressForm = z.object({
  label: z.string().trim().max(60, 'Hasta 60 caracteres'),
  street: required('La calle').pipe(z.string().max(200, 'Hasta 200 caracteres')),
  number: z.string().trim().max(20, 'Hasta 20 caracteres'),
  apartment: z.string().trim().max(40, 'Hasta 40 caracteres'),
  city: required('La localidad').pipe(z.string().max(100, 'Hasta 100 caracteres')),
  province: z.string().trim().max(100, 'Hasta 100 caracteres'),
  postalCode: z.string().trim().max(20, 'Hasta 20 caracteres'),
  notes: z.string().trim().max(500, 'Hasta 500 caracteres'),
  isDefault: z.boolean(),
});
export type AddressFormValues = z.input<typeof AddressForm>;
