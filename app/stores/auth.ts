import { create } from 'zustand';
import type { User } from '../lib/types';

export type AuthStatus = 'unknown' | 'authenticated' | 'anonymous';

interface AuthState {
  status: AuthStatus;
  /** The access token lives in memory only; a reload restores it through the refresh cookie. */
  accessToken: string | null;
  /** Epoch ms when the access token expires. */
  expiresAt: number | null;
  user: User | null;
  signedIn(input: { accessToken: string; expiresIn: number; user?: User }): void;
  setUser(user: User): void;
  signedOut(): void;
}

export const useAuth = create<AuthState>((set) => ({
  status: 'unknown',
  accessToken: null,
  expiresAt: null,
  user: null,
  signedIn: ({ accessToken, expiresIn, user }) =>
    set((state) => ({
      status: 'authenticated',
      accessToken,
      expiresAt: Date.now() + expiresIn * 1000,
      user: user ?? state.user,
    })),
  setUser: (user) => set({ user }),
  signedOut: () => set({ status: 'anonymous', accessToken: null, expiresAt: null, user: null }),
}));
