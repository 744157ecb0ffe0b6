import { create } from 'zustand';

const STORAGE_KEY = 'nexova.workspace';

interface WorkspaceState {
  /** The workspace every tenant request goes to (`x-workspace-id`); remembered per browser. */
  workspaceId: string | null;
  select(id: string | null): void;
}

function remembered(): string | null {
  if (typeof window === 'undefined') return null;
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export const useWorkspaceStore = create<WorkspaceState>((set) => ({
  workspaceId: remembered(),
  select: (id) => {
    try {
      if (id) window.localStorage.setItem(STORAGE_KEY, id);
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Private mode without storage: the choice lasts for this tab.
    }
    set({ workspaceId: id });
  },
}));
