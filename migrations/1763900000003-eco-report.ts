import type { MigrationInterface, QueryRunner } from 'typeorm';

// The eco-report (生态报表): indicators of the plan's table with targets split among units, values reported by period
// (a confirmed value is never changed, only superseded), an append-only audit, and the score's weights.
export class EcoReport1763900000003 implements MigrationInterface {
  name = 'EcoReport1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE eco_indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        seq int NOT NULL CHECK (seq > 0),
        name text NOT NULL,
        category text NOT NULL CHECK (category IN ('ENV_QUALITY','EMISSION_REDUCTION','RISK_CONTROL','ECOLOGY','LOW_CARBON')),
        attribute text NOT NULL CHECK (attribute IN ('BINDING','EXPECTED')),
        measure_unit text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('HIGHER_BETTER','LOWER_BETTER','AT_LEAST','AT_MOST','EXACTLY')),
        frequency text NOT NULL CHECK (frequency IN ('MONTH','QUARTER','YEAR')),
        baseline_year int NOT NULL,
        baseline_value numeric,
        -- shown instead of the number where the plan prints more (e.g. '354*', '【21.6】')
        baseline_label text,
        final_target_year int NOT NULL,
        -- null: pending (由市级下达)
        final_target_value numeric,
        final_target_note text,
        at_risk_margin numeric NOT NULL DEFAULT 0 CHECK (at_risk_margin >= 0),
        note text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (final_target_year > baseline_year),
        -- a trajectory needs a starting point for its path
        CHECK (direction NOT IN ('HIGHER_BETTER','LOWER_BETTER') OR baseline_value IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE eco_indicator_targets (
        indicator_id uuid NOT NULL REFERENCES eco_indicators(id) ON DELETE CASCADE,
        year int NOT NULL,
        -- null: pending (由市级下达)
        value numeric,
        note text,
        PRIMARY KEY (indicator_id, year)
      )`);

    await q.query(`
      CREATE TABLE eco_indicator_units (
        indicator_id uuid NOT NULL REFERENCES eco_indicators(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        role text NOT NULL CHECK (role IN ('LEAD','CONTRIBUTOR')),
        -- the unit's own part of a split target, in the indicator's measurement unit
        target_share numeric,
        note text,
        PRIMARY KEY (indicator_id, unit_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX eco_indicator_units_one_lead ON eco_indicator_units (indicator_id) WHERE role = 'LEAD'`,
    );
    await q.query(`CREATE INDEX eco_indicator_units_unit_idx ON eco_indicator_units (unit_id)`);

    await q.query(`
      CREATE TABLE eco_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the order reports came in, which timestamps alone do not fix
        seq bigint GENERATED ALWAYS AS IDENTITY,
        -- no cascade: an indicator with reports cannot be deleted
        indicator_id uuid NOT NULL REFERENCES eco_indicators(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        period_key text NOT NULL,
        value numeric NOT NULL,
        source_note text NOT NULL,
        evidence_ids text[] NOT NULL DEFAULT '{}',
        state text NOT NULL CHECK (state IN ('SUBMITTED','CONFIRMED','RETURNED','SUPERSEDED')),
        reason text,
        supersedes_id uuid REFERENCES eco_reports(id),
        superseded_by_id uuid REFERENCES eco_reports(id),
        reported_by text NOT NULL,
        reported_by_role text NOT NULL,
        reported_by_token uuid,
        reported_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        decision_comment text,
        CHECK (supersedes_id IS NULL OR reason IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX eco_reports_one_open ON eco_reports (indicator_id, unit_id, period_key) WHERE state = 'SUBMITTED'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX eco_reports_one_confirmed ON eco_reports (indicator_id, unit_id, period_key) WHERE state = 'CONFIRMED'`,
    );
    await q.query(`CREATE INDEX eco_reports_period_idx ON eco_reports (period_key, indicator_id)`);
    // What a unit reported is never changed or removed; only the decision and the supersession are written later.
    await q.query(`
      CREATE FUNCTION eco_reports_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'eco_reports rows are never deleted';
        END IF;
        IF (NEW.indicator_id, NEW.unit_id, NEW.period_key, NEW.value, NEW.source_note, NEW.evidence_ids, NEW.reason,
            NEW.supersedes_id, NEW.reported_by, NEW.reported_by_role, NEW.reported_by_token, NEW.reported_at)
           IS DISTINCT FROM
           (OLD.indicator_id, OLD.unit_id, OLD.period_key, OLD.value, OLD.source_note, OLD.evidence_ids, OLD.reason,
            OLD.supersedes_id, OLD.reported_by, OLD.reported_by_role, OLD.reported_by_token, OLD.reported_at) THEN
          RAISE EXCEPTION 'a reported value is never changed';
        END IF;
        IF NOT ((OLD.state = 'SUBMITTED' AND NEW.state IN ('CONFIRMED','RETURNED'))
             OR (OLD.state = 'CONFIRMED' AND NEW.state = 'SUPERSEDED')) THEN
          RAISE EXCEPTION 'eco report state % cannot become %', OLD.state, NEW.state;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER eco_reports_guard BEFORE UPDATE OR DELETE ON eco_reports
        FOR EACH ROW EXECUTE FUNCTION eco_reports_guard()`);

    await q.query(`
      CREATE TABLE eco_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        actor_role text NOT NULL,
        actor_unit_id uuid,
        token_id uuid,
        action text NOT NULL,
        -- no foreign keys: the audit outlives a deleted indicator
        indicator_id uuid,
        report_id uuid,
        unit_id uuid,
        period_key text,
        comment text,
        payload jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX eco_audit_indicator_idx ON eco_audit (indicator_id, id)`);
    await q.query(`CREATE INDEX eco_audit_report_idx ON eco_audit (report_id, id)`);
    await q.query(`
      CREATE FUNCTION eco_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'eco_audit is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER eco_audit_no_update BEFORE UPDATE OR DELETE ON eco_audit
        FOR EACH ROW EXECUTE FUNCTION eco_audit_append_only()`);

    // One row: the report deadline and the score's weights, edited by the office (defaults in src/eco/eco-score.ts).
    await q.query(`
      CREATE TABLE eco_settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        report_due_working_days int NOT NULL DEFAULT 10 CHECK (report_due_working_days BETWEEN 0 AND 60),
        list_weight numeric NOT NULL DEFAULT 0.5 CHECK (list_weight >= 0),
        table_weight numeric NOT NULL DEFAULT 0.5 CHECK (table_weight >= 0),
        closure_rate_weight numeric NOT NULL DEFAULT 0.6 CHECK (closure_rate_weight >= 0),
        on_time_rate_weight numeric NOT NULL DEFAULT 0.4 CHECK (on_time_rate_weight >= 0),
        overdue_penalty numeric NOT NULL DEFAULT 2 CHECK (overdue_penalty >= 0),
        rebound_penalty numeric NOT NULL DEFAULT 3 CHECK (rebound_penalty >= 0),
        binding_weight numeric NOT NULL DEFAULT 2 CHECK (binding_weight >= 0),
        expected_weight numeric NOT NULL DEFAULT 1 CHECK (expected_weight >= 0),
        at_risk_credit numeric NOT NULL DEFAULT 0.5 CHECK (at_risk_credit BETWEEN 0 AND 1),
        updated_by text,
        updated_at timestamptz,
        CHECK (list_weight + table_weight > 0),
        CHECK (closure_rate_weight + on_time_rate_weight > 0),
        CHECK (binding_weight + expected_weight > 0)
      )`);
    await q.query(`INSERT INTO eco_settings DEFAULT VALUES`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE eco_settings`);
    await q.query(`DROP TABLE eco_audit`);
    await q.query(`DROP FUNCTION eco_audit_append_only()`);
    await q.query(`DROP TABLE eco_reports`);
    await q.query(`DROP FUNCTION eco_reports_guard()`);
    await q.query(`DROP TABLE eco_indicator_units`);
    await q.query(`DROP TABLE eco_indicator_targets`);
    await q.query(`DROP TABLE eco_indicators`);
  }
}
