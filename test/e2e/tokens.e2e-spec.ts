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
    (
      await t.ok<{ createToken: { token: string } }>(
        OFFICE_TOKEN,
        `mutation($role: Role!, $unitId: ID, $label: String, $expiresAt: DateTime) { createToken(role: $role, unitId: $unitId, label: $label, expiresAt: $expiresAt) { token } }`,
        variables,
      )
    ).createToken.token;
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
    // The write is not on the request's path: it lands soon after, however busy the machine.
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 100 && lastUsedAt === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      lastUsedAt = (await list()).find((x) => x.label === '区领导甲')!.lastUsedAt;
    }
    expect(lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('stops an expired token', async () => {
    const token = await mint({
      role: 'LEADER',
      label: '临时',
      expiresAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect((await me(token)).data?.me.role).toBe('LEADER');
    t.clock.advanceDays(1);
    expect((await me(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const past = await t.gql(
      OFFICE_TOKEN,
      `mutation { createToken(role: LEADER, expiresAt: "2020-01-01T00:00:00Z") { token } }`,
    );
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['expiresAt'] });
  });

  it('revokes a token at once and records who did it', async () => {
    const token = await mint({ role: 'LEADER', label: '将被吊销' });
    const id = (await list()).find((x) => x.label === '将被吊销')!.id;
    const revoked = await t.ok<{ revokeToken: TokenInfo }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { revokeToken(id: $id) { revokedAt revokedBy } }`,
      { id },
    );
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
    const unknown = await t.gql(
      OFFICE_TOKEN,
      `mutation { revokeToken(id: "00000000-0000-4000-8000-000000000000") { id } }`,
    );
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  describe('tokens kept in memory', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** Asks until the reply's code is `code`; the announcement of a change arrives asynchronously. */
    async function eventually(token: string, code: string | undefined, ms = 3000): Promise<string | undefined> {
      const until = Date.now() + ms;
      let seen: string | undefined;
      do {
        seen = (await me(token)).errors?.[0].extensions.code;
        if (seen === code) return seen;
        await sleep(25);
      } while (Date.now() < until);
      return seen;
    }
    const listener = async () =>
      (
        (await t.db.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'rectify-tokens' AND datname = current_database()`,
        )) as { pid: number }[]
      ).map((r) => r.pid);

    it('serves a token from memory: a change nobody announces is not seen, one the service makes is at once', async () => {
      const token = await mint({ role: 'LEADER', label: '缓存甲' });
      const id = (await list()).find((x) => x.label === '缓存甲')!.id;
      expect((await me(token)).data?.me.role).toBe('LEADER');
      await t.db.query(`ALTER TABLE api_tokens DISABLE TRIGGER api_tokens_changed`);
      try {
        await t.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [id]);
        await sleep(100);
        expect((await me(token)).data?.me.role).toBe('LEADER'); // no lookup: the row is not read again
      } finally {
        await t.db.query(`ALTER TABLE api_tokens ENABLE TRIGGER api_tokens_changed`);
      }
      const other = await mint({ role: 'LEADER', label: '缓存乙' });
      const otherId = (await list()).find((x) => x.label === '缓存乙')!.id;
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, { id: otherId });
      expect((await me(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await me(other)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('forgets a token changed outside this process (by SQL, as another instance would)', async () => {
      const token = await mint({ role: 'LEADER', label: '外部吊销' });
      const id = (await list()).find((x) => x.label === '外部吊销')!.id;
      expect((await me(token)).data?.me.role).toBe('LEADER');
      await t.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [id]);
      expect(await eventually(token, 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');

      const unit = await createUnit(t, { name: '西城街道' });
      const moved = await createUnit(t, { name: '东城街道' });
      const unitToken = await mint({ role: 'UNIT', unitId: unit.id, label: '街道专班' });
      const unitOf = async () =>
        (await t.gql<{ me: { unit: { name: string } } }>(unitToken, '{ me { unit { name } } }')).data?.me.unit.name;
      expect(await unitOf()).toBe('西城街道');
      await t.db.query(`UPDATE api_tokens SET unit_id = $2 WHERE label = '街道专班' AND unit_id = $1`, [
        unit.id,
        moved.id,
      ]);
      const until = Date.now() + 3000;
      while ((await unitOf()) !== '东城街道' && Date.now() < until) await sleep(25);
      expect(await unitOf()).toBe('东城街道');
    });

    it('after losing its listening connection, serves nothing announced meanwhile and listens again', async () => {
      const token = await mint({ role: 'LEADER', label: '断线期间吊销' });
      const id = (await list()).find((x) => x.label === '断线期间吊销')!.id;
      expect((await me(token)).data?.me.role).toBe('LEADER');
      const [pid] = await listener();
      expect(pid).toBeDefined();
      await t.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
      const gone = Date.now() + 3000;
      while ((await listener()).includes(pid) && Date.now() < gone) await sleep(10);
      // Announced to nobody: this process was not listening.
      await t.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [id]);
      expect(await eventually(token, 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');
      const back = Date.now() + 5000;
      while ((await listener()).length === 0 && Date.now() < back) await sleep(50);
      expect((await listener()).filter((p) => p !== pid)).toHaveLength(1);
      expect((await me(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED'); // and not served from before
      const fresh = await mint({ role: 'LEADER', label: '重连之后' });
      expect((await me(fresh)).data?.me.role).toBe('LEADER');
      await t.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE label = '重连之后'`);
      expect(await eventually(fresh, 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');
    });
  });
});
