import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUnit } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface TokenInfo {
  id: string;
  prefix: string;
  role: string;
  label: string | null;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  unit: { name: string } | null;
}

const LIST = `query($all: Boolean) { tokens(includeRevoked: $all) { id prefix role label createdBy expiresAt lastUsedAt revokedAt revokedBy unit { name } } }`;

describe('the token life cycle', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
  });
  afterAll(() => t.close());

  const mint = async (variables: Record<string, unknown>) =>
    (await t.ok<{ createToken: { token: string } }>(
      OFFICE_TOKEN,
      `mutation($role: Role!, $unitId: ID, $label: String, $expiresAt: DateTime) { createToken(role: $role, unitId: $unitId, label: $label, expiresAt: $expiresAt) { token } }`,
      variables,
    )).createToken.token;
  const list = async (all = false) => (await t.ok<{ tokens: TokenInfo[] }>(OFFICE_TOKEN, LIST, { all })).tokens;
  const me = (token: string) => t.gql<{ me: { role: string } }>(token, '{ me { role } }');

  it('lists tokens with who minted them, never the secret', async () => {
    const unit = await createUnit(t, { name: '南平镇' });
    const token = await mint({ role: 'UNIT', unitId: unit.id, label: '南平镇整改专班' });
    const tokens = await list();
    const row = tokens.find((x) => x.label === '南平镇整改专班')!;
    expect(row).toMatchObject({ role: 'UNIT', createdBy: 'bootstrap', revokedAt: null, unit: { name: '南平镇' } });
    expect(token.startsWith(row.prefix)).toBe(true);
    expect(JSON.stringify(tokens)).not.toContain(token);
    const hashes: { token_hash: string }[] = await t.db.query(`SELECT token_hash FROM api_tokens`);
    expect(hashes.map((h) => h.token_hash)).not.toContain(token);
  });

  it('records when a token was last used, to the minute', async () => {
    const token = await mint({ role: 'LEADER', label: '区领导甲' });
    expect((await list()).find((x) => x.label === '区领导甲')!.lastUsedAt).toBeNull();
    expect((await me(token)).data?.me.role).toBe('LEADER');
    await new Promise((r) => setTimeout(r, 50)); // the write is not on the request's path
    expect((await list()).find((x) => x.label === '区领导甲')!.lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('stops an expired token', async () => {
    const token = await mint({ role: 'LEADER', label: '临时', expiresAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    expect((await me(token)).data?.me.role).toBe('LEADER');
    t.clock.advanceDays(1);
    expect((await me(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const past = await t.gql(OFFICE_TOKEN, `mutation { createToken(role: LEADER, expiresAt: "2020-01-01T00:00:00Z") { token } }`);
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['expiresAt'] });
  });

  it('revokes a token at once and records who did it', async () => {
    const token = await mint({ role: 'LEADER', label: '将被吊销' });
    const id = (await list()).find((x) => x.label === '将被吊销')!.id;
    const revoked = await t.ok<{ revokeToken: TokenInfo }>(OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { revokedAt revokedBy } }`, { id });
    expect(revoked.revokeToken).toEqual({ revokedAt: t.clock.now().toISOString(), revokedBy: 'bootstrap' });
    expect((await me(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await list()).map((x) => x.id)).not.toContain(id);
    expect((await list(true)).map((x) => x.id)).toContain(id);
  });

  it('lets only the office list and revoke, and no token revoke itself', async () => {
    const leader = await mint({ role: 'LEADER', label: '区领导乙' });
    expect((await t.gql(leader, LIST)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const own = (await list()).find((x) => x.label === 'bootstrap')!.id;
    const self = await t.gql(OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, { id: own });
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['id'] });
    const unknown = await t.gql(OFFICE_TOKEN, `mutation { revokeToken(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
