import * as Toast from '@radix-ui/react-toast';
import { create } from 'zustand';

interface ToastItem {
  id: number;
  title: string;
  tone: 'success' | 'error';
}

interface ToastState {
  items: ToastItem[];
  push(title: string, tone?: ToastItem['tone']): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set) => ({
  items: [],
  push: (title, tone = 'success') => set((s) => ({ items: [...s.items, { id: nextId++, title, tone }] })),
  dismiss: (id) => set((s) => ({ items: s.items.filter((t) => t.id !== id) })),
}));

export const notify = (title: string, tone: ToastItem['tone'] = 'success') => useToasts.getState().push(title, tone);

export function Toaster() {
  const { items, dismiss } = useToasts();
  return (
    <Toast.Provider swipeDirection="right" label="Notificación">
      {items.map((item) => (
        <Toast.Root
          key={item.id}
          duration={4000}
          onOpenChange={(open) => !open && dismiss(item.id)}
          className={`rounded-md px-4 py-3 text-sm font-medium text-white shadow-lg ${item.tone === 'error' ? 'bg-red-600' : 'bg-slate-900'}`}
        >
          <Toast.Title>{item.title}</Toast.Title>
        </Toast.Root>
      ))}
      <Toast.Viewport className="fixed right-4 bottom-4 z-[60] flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
    </Toast.Provider>
  );
}
