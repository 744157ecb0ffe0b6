/**
 * The audit catalogue: every action Nexova records in `audit_log`, with the label people read
 * in the dashboard. It is the one place that decides what is audited — `recordAudit` only
 * accepts an action listed here, so a new audited write starts with a line in this file.
 * Drizzle-free on purpose: the dashboard imports it for its filters and labels.
 *
 * `scope` says where a row lands: `workspace` rows carry the workspace the write belongs to;
 * `user` rows (sign-in and account events) are copied into every workspace the user is a member
 * of, so each workspace sees its own members' sign-ins and nothing about anybody else. Failed
 * sign-ins for e-mails with no account are kept outside tenant data (no workspace).
 */
export const AUDIT_CATALOGUE = {
  // Accounts and sessions
  'auth.register': { scope: 'user', label: 'Cuenta creada' },
  'auth.login': { scope: 'user', label: 'Inicio de sesión' },
  'auth.login_failed': { scope: 'user', label: 'Inicio de sesión fallido' },
  'auth.logout': { scope: 'user', label: 'Cierre de sesión' },
  'auth.refresh_reuse_detected': { scope: 'user', label: 'Reuso de sesión detectado (sesión revocada)' },
  'auth.session_revoke': { scope: 'user', label: 'Sesión revocada' },
  'auth.password_reset_requested': { scope: 'user', label: 'Pedido de cambio de contraseña' },
  'auth.password_reset': { scope: 'user', label: 'Contraseña cambiada' },
  // The workspace, its people and roles
  'workspace.create': { scope: 'workspace', label: 'Espacio creado' },
  'workspace.update': { scope: 'workspace', label: 'Configuración del espacio (y del agente) cambiada' },
  'workspace.delete': { scope: 'workspace', label: 'Espacio eliminado' },
  'member.add': { scope: 'workspace', label: 'Miembro invitado' },
  'member.update': { scope: 'workspace', label: 'Rol de un miembro cambiado' },
  'member.remove': { scope: 'workspace', label: 'Miembro quitado' },
  'role.create': { scope: 'workspace', label: 'Rol creado' },
  'role.update': { scope: 'workspace', label: 'Permisos de un rol cambiados' },
  'role.delete': { scope: 'workspace', label: 'Rol eliminado' },
  // WhatsApp connections and messages
  'connection.create': { scope: 'workspace', label: 'Conexión de WhatsApp creada' },
  'connection.update': { scope: 'workspace', label: 'Conexión de WhatsApp editada' },
  'connection.rotate': { scope: 'workspace', label: 'Credenciales de una conexión rotadas' },
  'connection.delete': { scope: 'workspace', label: 'Conexión de WhatsApp quitada' },
  'message.retry': { scope: 'workspace', label: 'Mensaje fallido reintentado' },
  // The agent
  'approval.approve': { scope: 'workspace', label: 'Acción del agente aprobada' },
  'approval.reject': { scope: 'workspace', label: 'Acción del agente rechazada' },
  // Catalogue and stock
  'product.create': { scope: 'workspace', label: 'Producto creado' },
  'product.update': { scope: 'workspace', label: 'Producto editado' },
  'product.delete': { scope: 'workspace', label: 'Producto eliminado' },
  'variant.create': { scope: 'workspace', label: 'Variante creada' },
  'variant.update': { scope: 'workspace', label: 'Variante editada' },
  'variant.delete': { scope: 'workspace', label: 'Variante eliminada' },
  'stock.adjust': { scope: 'workspace', label: 'Stock ajustado' },
  'stock_reservation.create': { scope: 'workspace', label: 'Stock reservado' },
  'stock_reservation.release': { scope: 'workspace', label: 'Reserva liberada' },
  'stock_reservation.commit': { scope: 'workspace', label: 'Reserva consumida' },
  'stock_reservation.expire': { scope: 'workspace', label: 'Reserva vencida' },
  // Customers
  'customer.create': { scope: 'workspace', label: 'Cliente creado' },
  'customer.update': { scope: 'workspace', label: 'Cliente editado' },
  'customer.merge': { scope: 'workspace', label: 'Clientes unificados' },
  'customer_address.create': { scope: 'workspace', label: 'Dirección agregada' },
  'customer_address.update': { scope: 'workspace', label: 'Dirección editada' },
  'customer_address.delete': { scope: 'workspace', label: 'Dirección eliminada' },
  // Orders and payments
  'order.create': { scope: 'workspace', label: 'Pedido creado' },
  'order.update': { scope: 'workspace', label: 'Pedido editado' },
  'order.item_set': { scope: 'workspace', label: 'Ítem de pedido cambiado' },
  'order.item_remove': { scope: 'workspace', label: 'Ítem de pedido quitado' },
  'order.mark_pending': { scope: 'workspace', label: 'Pedido enviado a confirmar' },
  'order.reopen': { scope: 'workspace', label: 'Pedido reabierto' },
  'order.confirm': { scope: 'workspace', label: 'Pedido confirmado' },
  'order.cancel': { scope: 'workspace', label: 'Pedido cancelado' },
  'order.ship': { scope: 'workspace', label: 'Pedido enviado' },
  'order.deliver': { scope: 'workspace', label: 'Pedido entregado' },
  'payment.create': { scope: 'workspace', label: 'Pago registrado' },
  'payment.confirm': { scope: 'workspace', label: 'Pago verificado' },
  'payment.reject': { scope: 'workspace', label: 'Pago rechazado' },
  'attachment.create': { scope: 'workspace', label: 'Archivo adjuntado' },
} as const satisfies Record<string, { scope: 'user' | 'workspace'; label: string }>;

export type AuditAction = keyof typeof AUDIT_CATALOGUE;

/** Every audited action, in catalogue order. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_CATALOGUE) as [AuditAction, ...AuditAction[]];

/** Why a sign-in failed; recorded, never the password. */
export const LOGIN_FAILURE_REASONS = ['unknown_email', 'wrong_password'] as const;
export type LoginFailureReason = (typeof LOGIN_FAILURE_REASONS)[number];
