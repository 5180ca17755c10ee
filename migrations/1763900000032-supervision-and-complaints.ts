import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addNotificationRules, dropNotificationRules } from './notification-rules.js';

// Supervision with teeth (issue.machine.ts version 8): supervision orders (督办单) issued by the office on one or many
// problems of one unit, answered in writing and closed when the office accepts the reply; leaders' instructions (批示)
// the unit acknowledges. Each step is an event on every problem concerned (the problems' logs are the audit); these
// tables are the orders and instructions as wholes, written in the same transactions. The office may have an
// escalation rung raise an order by itself (supervision_settings). The unit is told of each, and each day a reply is late.
// Complaints inside rounds: a problem of any source may be a complaint (filed with a complaint channel; no column — see
// src/issues/complaint-figures.query.ts), and a submission may report enforcement outcomes (执法成果), kept on the problem.
const ADDED = ['ORDER_ISSUED', 'ORDER_REPLY_RETURNED', 'INSTRUCTED', 'ORDER_REPLY_OVERDUE'];

export class SupervisionAndComplaints1763900000032 implements MigrationInterface {
  name = 'SupervisionAndComplaints1763900000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE issues ADD COLUMN orders jsonb NOT NULL DEFAULT '[]', ADD COLUMN instructions jsonb NOT NULL DEFAULT '[]',
         ADD COLUMN enforcement jsonb`,
    );
    // (the lists' "awaiting me" finds the problems under an order or an instruction through it)
    await q.query(
      `CREATE INDEX issues_supervised_idx ON issues (lead_unit_id) WHERE orders <> '[]'::jsonb OR instructions <> '[]'::jsonb`,
    );
    await q.query(`
      CREATE TABLE supervision_orders (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        level text NOT NULL CHECK (level IN ('SUPERVISION','NAMED_SUPERVISION')),
        reasons text NOT NULL,
        unit_id uuid NOT NULL REFERENCES units(id),
        issue_ids uuid[] NOT NULL CHECK (cardinality(issue_ids) > 0),
        reply_due_at timestamptz NOT NULL,
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL,
        automatic boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'AWAITING_REPLY' CHECK (status IN ('AWAITING_REPLY','REPLIED','CLOSED')),
        explanation text,
        measures text,
        replied_at timestamptz,
        replied_by text,
        replies int NOT NULL DEFAULT 0,
        decision_comment text,
        decided_at timestamptz,
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX supervision_orders_unit_idx ON supervision_orders (unit_id, issued_at DESC)`);
    await q.query(`CREATE INDEX supervision_orders_issues_idx ON supervision_orders USING gin (issue_ids)`);
    await q.query(`
      CREATE TABLE leader_instructions (
        id uuid PRIMARY KEY,
        text text NOT NULL,
        order_id uuid REFERENCES supervision_orders(id),
        unit_id uuid REFERENCES units(id),
        issue_ids uuid[] NOT NULL CHECK (cardinality(issue_ids) > 0),
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        acknowledgement text
      )`);
    await q.query(`CREATE INDEX leader_instructions_unit_idx ON leader_instructions (unit_id, issued_at DESC)`);
    await q.query(`CREATE INDEX leader_instructions_issues_idx ON leader_instructions USING gin (issue_ids)`);
    await q.query(`
      CREATE TABLE supervision_settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        auto_order_levels text[] NOT NULL DEFAULT '{}'
          CHECK (auto_order_levels <@ ARRAY['SUPERVISION','NAMED_SUPERVISION']),
        reply_working_days int NOT NULL DEFAULT 5 CHECK (reply_working_days BETWEEN 1 AND 60),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO supervision_settings DEFAULT VALUES`);
    await addNotificationRules(q, ADDED);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropNotificationRules(q, ADDED);
    await q.query(`DROP TABLE supervision_settings`);
    await q.query(`DROP TABLE leader_instructions`);
    await q.query(`DROP TABLE supervision_orders`);
    await q.query(`DROP INDEX issues_supervised_idx`);
    await q.query(`ALTER TABLE issues DROP COLUMN orders, DROP COLUMN instructions, DROP COLUMN enforcement`);
  }
}
