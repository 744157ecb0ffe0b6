import * as Tabs from '@radix-ui/react-tabs';
import { useNavigate, useParams } from 'react-router';
import { AgentSettingsPanel } from '../components/settings/agent';
import { Members } from '../components/settings/members';
import { Roles } from '../components/settings/roles';
import { WhatsAppSettings } from '../components/settings/whatsapp';
import { WorkspaceSettings } from '../components/settings/workspace';
import { cx, PageHeader, TAB_LIST, TAB_TRIGGER } from '../components/ui';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Configuración · Nexova' }];

/** Each tab has its own address (`/settings/team`…), so a link or a reload opens the same tab. */
const TABS = [
  { slug: 'store', label: 'Tienda', panel: WorkspaceSettings },
  { slug: 'agent', label: 'Agente', panel: AgentSettingsPanel },
  { slug: 'whatsapp', label: 'WhatsApp', panel: WhatsAppSettings, permission: 'connections:read' },
  { slug: 'team', label: 'Equipo', panel: Members, permission: 'members:read' },
  { slug: 'roles', label: 'Roles y permisos', panel: Roles, permission: 'roles:read' },
] as const satisfies ReadonlyArray<{ slug: string; label: string; panel: () => unknown; permission?: string }>;

export default function SettingsPage() {
  const { can } = useWorkspace();
  const { tab } = useParams();
  const navigate = useNavigate();
  const visible = TABS.filter((t) => !('permission' in t) || can(t.permission));
  const current = visible.find((t) => t.slug === tab) ?? visible[0]!;
  return (
    <>
      <PageHeader title="Configuración" />
      <Tabs.Root value={current.slug} onValueChange={(slug) => void navigate(`/settings/${slug}`, { replace: true })}>
        <Tabs.List className={cx(TAB_LIST, 'flex-wrap')} aria-label="Secciones de configuración">
          {visible.map((t) => (
            <Tabs.Trigger key={t.slug} value={t.slug} className={TAB_TRIGGER}>
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {visible.map((t) => (
          <Tabs.Content key={t.slug} value={t.slug}>
            <t.panel />
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </>
  );
}
