import type { MigrationInterface, QueryRunner } from 'typeorm';

// Units, tokens, problems and their append-only audit log.
// References within a table are DEFERRABLE so that a restore may load rows in any order inside one transaction.
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('DEPARTMENT','TOWN','STREET','OTHER')),
        parent_id uuid REFERENCES units(id) DEFERRABLE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX units_parent_idx ON units (parent_id)`);

    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        role text NOT NULL CHECK (role IN ('OFFICE','UNIT','LEADER')),
        unit_id uuid REFERENCES units(id),
        label text,
        created_by uuid REFERENCES api_tokens(id) DEFERRABLE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES api_tokens(id) DEFERRABLE,
        CHECK ((role = 'UNIT') = (unit_id IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE issues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        source text NOT NULL,
        batch text,
        title text NOT NULL,
        description text NOT NULL,
        category text NOT NULL,
        location text,
        parent_id uuid REFERENCES issues(id) DEFERRABLE,
        complainant_name text,
        complainant_phone text,
        complaint_channel text,
        reply_due_at timestamptz,
        filed_at timestamptz NOT NULL,
        filed_by text NOT NULL,
        -- the machine's snapshot: state plus context columns
        state text NOT NULL,
        substate text NOT NULL,
        machine_version int NOT NULL,
        version int NOT NULL,
        lead_unit_id uuid REFERENCES units(id),
        cooperating_unit_ids uuid[] NOT NULL DEFAULT '{}',
        deadline_kind text,
        due_at timestamptz,
        original_due_at timestamptz,
        pending_extension jsonb,
        progress_percent int NOT NULL DEFAULT 0,
        finding text,
        first_submitted_at timestamptz,
        submitted_at timestamptz,
        due_at_submission timestamptz,
        completed_on_time boolean,
        closed_at timestamptz,
        satisfaction text,
        rebound_count int NOT NULL DEFAULT 0,
        published boolean NOT NULL DEFAULT false,
        escalation_level text NOT NULL DEFAULT 'NONE',
        duplicate_of_id uuid REFERENCES issues(id) DEFERRABLE,
        public_summary text
      )`);
    await q.query(`CREATE INDEX issues_list_idx ON issues (filed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX issues_lead_idx ON issues (lead_unit_id, filed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX issues_coop_idx ON issues USING gin (cooperating_unit_ids)`);
    await q.query(`CREATE INDEX issues_parent_idx ON issues (parent_id) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX issues_duplicate_idx ON issues (duplicate_of_id) WHERE duplicate_of_id IS NOT NULL`);
    await q.query(`CREATE INDEX issues_published_idx ON issues (filed_at DESC, id DESC) WHERE published`);
    // Problems a unit still holds, by deadline: the overdue and due-soon lists.
    await q.query(
      `CREATE INDEX issues_holding_due_idx ON issues (due_at)
         WHERE substate IN ('ASSIGNED','RECTIFYING.inProgress') AND deadline_kind <> 'LONG_TERM'`,
    );
    // Trigram indexes serve ILIKE '%…%' on each searchable field.
    for (const column of ['code', 'title', 'description']) {
      await q.query(`CREATE INDEX issues_${column}_trgm_idx ON issues USING gin (${column} gin_trgm_ops)`);
    }

    await q.query(`
      CREATE TABLE issue_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        issue_id uuid NOT NULL REFERENCES issues(id),
        seq int NOT NULL,
        type text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor text NOT NULL,
        actor_role text NOT NULL,
        actor_token_id uuid,
        unit_id uuid REFERENCES units(id),
        comment text,
        payload jsonb NOT NULL,
        machine_version int NOT NULL,
        at timestamptz NOT NULL,
        -- the problem's facts right after the event, so figures "as of" any moment read one row per problem
        lead_unit_id uuid REFERENCES units(id),
        due_at timestamptz,
        deadline_kind text,
        completed_on_time boolean,
        first_submitted_at timestamptz,
        satisfaction text,
        escalation_level text,
        duplicate_of_id uuid,
        UNIQUE (issue_id, seq)
      )`);
    await q.query(`CREATE INDEX issue_events_at_idx ON issue_events (at)`);
    // The log is append-only: the database refuses to change or remove a row.
    await q.query(`
      CREATE FUNCTION issue_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'issue_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER issue_events_no_update BEFORE UPDATE OR DELETE ON issue_events
        FOR EACH ROW EXECUTE FUNCTION issue_events_append_only()`);

    // 法定节假日 and 调休 working days; any other day is a working day on Monday to Friday.
    await q.query(`
      CREATE TABLE calendar_days (
        day date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('HOLIDAY','WORKDAY')),
        name text,
        source text NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Years already seeded from the calendar package, so that the office's edits are never overwritten.
    await q.query(
      `CREATE TABLE calendar_seeded_years (year int PRIMARY KEY, seeded_at timestamptz NOT NULL DEFAULT now())`,
    );

    await q.query(`
      CREATE TABLE issue_code_counters (
        prefix text NOT NULL,
        year int NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (prefix, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issue_code_counters`);
    await q.query(`DROP TABLE calendar_seeded_years`);
    await q.query(`DROP TABLE calendar_days`);
    await q.query(`DROP TABLE issue_events`);
    await q.query(`DROP FUNCTION issue_events_append_only()`);
    await q.query(`DROP TABLE issues`);
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE units`);
  }
}
