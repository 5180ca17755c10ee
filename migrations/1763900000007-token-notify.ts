import type { MigrationInterface, QueryRunner } from 'typeorm';

// Services keep tokens they have looked up in memory; any change to what a token may do (revoked, expiry, role, unit,
// label, deleted, truncated) is announced on channel rectify_tokens, whoever makes it (a service, SQL by hand, a
// restore), so every instance forgets its copies. last_used_at (touched once a minute) announces nothing.
export class TokenNotify1763900000007 implements MigrationInterface {
  name = 'TokenNotify1763900000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION rectify_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('rectify_tokens', CASE WHEN TG_LEVEL = 'ROW' THEN OLD.id::text ELSE '*' END);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER api_tokens_changed AFTER UPDATE ON api_tokens FOR EACH ROW
        WHEN (OLD.token_hash IS DISTINCT FROM NEW.token_hash OR OLD.role IS DISTINCT FROM NEW.role
           OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.label IS DISTINCT FROM NEW.label
           OR OLD.prefix IS DISTINCT FROM NEW.prefix OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
           OR OLD.revoked_at IS DISTINCT FROM NEW.revoked_at)
        EXECUTE FUNCTION rectify_tokens_changed()`);
    await q.query(
      `CREATE TRIGGER api_tokens_deleted AFTER DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION rectify_tokens_changed()`,
    );
    await q.query(
      `CREATE TRIGGER api_tokens_truncated AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION rectify_tokens_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER api_tokens_truncated ON api_tokens`);
    await q.query(`DROP TRIGGER api_tokens_deleted ON api_tokens`);
    await q.query(`DROP TRIGGER api_tokens_changed ON api_tokens`);
    await q.query(`DROP FUNCTION rectify_tokens_changed()`);
  }
}
