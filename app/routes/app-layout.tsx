import * as Dialog from '@radix-ui/react-dialog';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import * as Tooltip from '@radix-ui/react-tooltip';
import { useQueryClient } from '@tanstack/react-query';
import {
  Activity,
  Boxes,
  Check,
  ChevronsUpDown,
  Home,
  LogOut,
  Menu,
  MessageCircle,
  MessagesSquare,
  Package,
  Settings,
  ShieldCheck,
  ShoppingBag,
  Smartphone,
  Users,
  X,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { ConnectionIndicator } from '../components/connection-indicator';
import { HandoffNotifier } from '../components/handoff-notifier';
import { FullPageLoading, RequireAuth } from '../components/require-auth';
import { cx, ErrorState } from '../components/ui';
import { logout } from '../lib/api';
import { useRealtimeConnection } from '../lib/realtime';
import { useCurrentWorkspaceQuery, useWorkspace, useWorkspaces, WorkspaceProvider } from '../lib/workspace';
import { useAuth } from '../stores/auth';
import { useWorkspaceStore } from '../stores/workspace';

interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  permission?: string;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Inicio', icon: Home },
  { to: '/inbox', label: 'Conversaciones', icon: MessagesSquare, permission: 'conversations:read' },
  { to: '/orders', label: 'Pedidos', icon: ShoppingBag, permission: 'orders:read' },
  { to: '/products', label: 'Productos', icon: Package, permission: 'products:read' },
  { to: '/stock', label: 'Stock', icon: Boxes, permission: 'stock:read' },
  { to: '/customers', label: 'Clientes', icon: Users, permission: 'customers:read' },
  { to: '/approvals', label: 'Aprobaciones', icon: ShieldCheck, permission: 'approvals:read' },
  { to: '/operations', label: 'Operaciones', icon: Activity, permission: 'conversations:read' },
  { to: '/settings', label: 'Configuración', icon: Settings, permission: 'workspaces:read' },
  { to: '/simulator', label: 'Simulador', icon: Smartphone, permission: 'conversations:simulate' },
];

/** The signed-in app: resolves the workspace, then the shell (sidebar, switcher, user menu) around the screen. */
export default function AppLayout() {
  return (
    <RequireAuth>
      <WorkspaceGate />
    </RequireAuth>
  );
}

function WorkspaceGate() {
  const workspaces = useWorkspaces();
  const workspaceId = useWorkspaceStore((s) => s.workspaceId);
  const select = useWorkspaceStore((s) => s.select);
  const list = workspaces.data;
  const known = list?.some((w) => w.id === workspaceId) ?? false;
  const only = list?.length === 1 ? list[0] : undefined;
  useEffect(() => {
    if (list && !known && only) select(only.id);
  }, [list, known, only, select]);
  const current = useCurrentWorkspaceQuery(known ? workspaceId : null);

  if (workspaces.isError) return <ErrorState error={workspaces.error} onRetry={() => void workspaces.refetch()} />;
  if (!list) return <FullPageLoading />;
  if (!known) return only ? <FullPageLoading /> : <Navigate to="/workspaces" replace />;
  if (current.isError) return <ErrorState error={current.error} onRetry={() => void current.refetch()} />;
  if (!current.data) return <FullPageLoading />;
  return (
    <WorkspaceProvider workspace={current.data}>
      <Shell />
    </WorkspaceProvider>
  );
}

function Shell() {
  const { workspace } = useWorkspace();
  useRealtimeConnection(workspace.id);
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <Tooltip.Provider delayDuration={200}>
      <div className="min-h-screen lg:flex">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Saltar al contenido
        </a>
        <aside className="hidden w-64 print:hidden shrink-0 flex-col border-r border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-screen">
          <Sidebar />
        </aside>
        <Dialog.Root open={menuOpen} onOpenChange={setMenuOpen}>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 lg:hidden" />
            <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col bg-white shadow-xl lg:hidden">
              <Dialog.Title className="sr-only">Menú</Dialog.Title>
              <Dialog.Description className="sr-only">Navegación de Nexova</Dialog.Description>
              <Dialog.Close
                className="absolute top-3 right-3 rounded p-1 text-slate-500 hover:bg-slate-100"
                aria-label="Cerrar menú"
              >
                <X className="size-5" aria-hidden />
              </Dialog.Close>
              <Sidebar />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 print:hidden flex h-14 items-center gap-3 border-b border-slate-200 bg-white/95 px-4 backdrop-blur lg:px-8">
            <button
              type="button"
              className="rounded p-1.5 text-slate-600 hover:bg-slate-100 lg:hidden"
              aria-label="Abrir menú"
              onClick={() => setMenuOpen(true)}
            >
              <Menu className="size-5" aria-hidden />
            </button>
            <span className="font-semibold lg:hidden">Nexova</span>
            <div className="flex-1" />
            <ConnectionIndicator />
            <HandoffNotifierGate />
            <UserMenu />
          </header>
          <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 lg:px-8">
            <Outlet />
          </main>
        </div>
      </div>
    </Tooltip.Provider>
  );
}

function HandoffNotifierGate() {
  const { can } = useWorkspace();
  return can('conversations:read') ? <HandoffNotifier /> : null;
}

function Sidebar() {
  const { can } = useWorkspace();
  return (
    <>
      <div className="flex h-14 items-center gap-2 border-b border-slate-200 px-5 font-semibold">
        <span className="flex size-7 items-center justify-center rounded-md bg-brand-600 text-white">
          <MessageCircle className="size-4" aria-hidden />
        </span>
        Nexova
      </div>
      <div className="p-3">
        <WorkspaceSwitcher />
      </div>
      <nav aria-label="Principal" className="flex-1 space-y-1 px-3">
        {NAV.filter((item) => !item.permission || can(item.permission)).map((item) => (
          <NavLink
            key={item.to}
            to={item.to}
            end={item.to === '/'}
            className={({ isActive }) =>
              cx(
                'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium',
                isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100',
              )
            }
          >
            <item.icon className="size-4" aria-hidden />
            {item.label}
          </NavLink>
        ))}
      </nav>
    </>
  );
}

function WorkspaceSwitcher() {
  const { workspace } = useWorkspace();
  const workspaces = useWorkspaces();
  const select = useWorkspaceStore((s) => s.select);
  const queryClient = useQueryClient();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex w-full items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50"
        aria-label={`Tienda actual: ${workspace.name}. Cambiar de tienda`}
      >
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{workspace.name}</span>
          <span className="block text-xs text-slate-500">{workspace.role.name}</span>
        </span>
        <ChevronsUpDown className="size-4 text-slate-400" aria-hidden />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {workspaces.data?.map((w) => (
            <DropdownMenu.Item
              key={w.id}
              onSelect={() => {
                if (w.id === workspace.id) return;
                select(w.id);
                // Every cached answer belongs to the previous tenant.
                queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'workspaces' });
              }}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              <Check className={cx('size-4', w.id === workspace.id ? 'opacity-100' : 'opacity-0')} aria-hidden />
              {w.name}
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item asChild>
            <a
              href="/workspaces"
              className="block rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              Ver todas o crear una tienda
            </a>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function UserMenu() {
  const user = useAuth((s) => s.user);
  const queryClient = useQueryClient();
  const initials = user ? `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase() : '·';
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex size-9 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700 hover:bg-brand-50"
        aria-label="Menú de usuario"
      >
        {initials}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {user && (
            <div className="px-2 py-1.5 text-sm">
              <p className="font-medium">
                {user.firstName} {user.lastName}
              </p>
              <p className="truncate text-xs text-slate-500">{user.email}</p>
            </div>
          )}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item
            onSelect={() => {
              void logout().then(() => queryClient.clear());
            }}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
          >
            <LogOut className="size-4" aria-hidden />
            Cerrar sesión
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
