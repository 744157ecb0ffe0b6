import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  loadSigningKeys,
  signAccessToken,
  signRealtimeToken,
  verifyAccessToken,
  verifyRealtimeToken,
} from '../../../workers/core/auth/tokens';

describe('realtime tokens', () => {
  it('carry the user and the workspace and verify within their lifetime', async () => {
    const keys = await loadSigningKeys(env);
    const ticket = await signRealtimeToken(keys, { userId: 'usr_1', workspaceId: 'wsp_1', ttlSeconds: 60 });
    expect(ticket.expiresIn).toBe(60);
    expect(await verifyRealtimeToken(keys, ticket.token)).toEqual({ ok: true, userId: 'usr_1', workspaceId: 'wsp_1' });
  });

  it('expire', async () => {
    const keys = await loadSigningKeys(env);
    const old = await signRealtimeToken(
      keys,
      { userId: 'usr_1', workspaceId: 'wsp_1', ttlSeconds: 60 },
      new Date(Date.now() - 120_000),
    );
    expect(await verifyRealtimeToken(keys, old.token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('are not access tokens, and access tokens are not realtime tokens', async () => {
    const keys = await loadSigningKeys(env);
    const ticket = await signRealtimeToken(keys, { userId: 'usr_1', workspaceId: 'wsp_1', ttlSeconds: 60 });
    expect(await verifyAccessToken(keys, ticket.token)).toEqual({ ok: false, reason: 'invalid' });
    const access = await signAccessToken(keys, 'usr_1');
    expect(await verifyRealtimeToken(keys, access.token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyAccessToken(keys, access.token)).toMatchObject({ ok: true, userId: 'usr_1' });
  });

  it('refuse a tampered token', async () => {
    const keys = await loadSigningKeys(env);
    const { token } = await signRealtimeToken(keys, { userId: 'usr_1', workspaceId: 'wsp_1', ttlSeconds: 60 });
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(atob(payload!.replaceAll('-', '+').replaceAll('_', '/'))) as Record<string, unknown>;
    forged.wid = 'wsp_2';
    const body = btoa(JSON.stringify(forged)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
    expect(await verifyRealtimeToken(keys, `${header}.${body}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
  });
});
