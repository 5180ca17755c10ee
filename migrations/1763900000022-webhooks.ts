import type { MigrationInterface, QueryRunner } from 'typeorm';

// Webhooks, announced from the log. The log row an event writes in its own transaction is what is announced: the
// dispatcher (webhook-dispatcher.service.ts) plans deliveries from the log rows of finished transactions, as the figure
// projector folds them (its position, `planned_below`, is a transaction id stored with the deliveries it planned), so
// nothing is announced that did not commit and nothing that committed is missed — and a transition writes nothing
// more for it.
export class Webhooks1763900000022 implements MigrationInterface {
  name = 'Webhooks1763900000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        -- "issue.<event>" types it receives; empty: all
        events text[] NOT NULL DEFAULT '{}',
        -- the unit whose problems it receives (what that unit may see); NULL: every problem (the office's)
        unit_id uuid REFERENCES units(id),
        description text,
        -- "whsec_" + base64: the key its deliveries are signed with (Standard Webhooks)
        secret text NOT NULL,
        created_by_token_id uuid,
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhooks_unit_idx ON webhooks (unit_id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        -- also the message's webhook-id, the same on every attempt: a receiver dedupes by it
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id),
        event_id bigint NOT NULL REFERENCES issue_events(id),
        issue_id uuid NOT NULL,
        seq int NOT NULL,
        event_type text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts int NOT NULL DEFAULT 0,
        last_response_code int,
        last_error text,
        -- when it is tried next; NULL once delivered or failed
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        UNIQUE (webhook_id, event_id)
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    // (a problem's deliveries to one webhook go in order: the next waits while an earlier one is pending)
    await q.query(
      `CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (webhook_id, issue_id, seq) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (webhook_id, created_at DESC, event_id DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE webhook_dispatch (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        -- every log row of a transaction below this one has its deliveries planned
        planned_below xid8 NOT NULL
      )`);
    await q.query(`INSERT INTO webhook_dispatch (planned_below) VALUES (pg_current_xact_id())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_dispatch, webhook_deliveries, webhooks`);
  }
}
