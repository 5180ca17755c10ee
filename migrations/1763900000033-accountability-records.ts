import type { MigrationInterface, QueryRunner } from 'typeorm';

// Accountability records (约谈, 通报批评, 问责) the office decides against a unit — and the person, by name and post,
// personal data the office and leaders alone read — with the problems they concern and the document number. A record
// is never deleted or edited: a wrong one is revoked, with a reason, once (a trigger holds the table to that), so the
// trail of what was decided and undone stays. The score's deduction per kind sits with its other weights.
export class AccountabilityRecords1763900000033 implements MigrationInterface {
  name = 'AccountabilityRecords1763900000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accountability_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('INTERVIEW', 'PUBLIC_CRITICISM', 'ACCOUNTABILITY')),
        unit_id uuid NOT NULL REFERENCES units (id),
        person_name text,
        person_post text,
        document_number text NOT NULL,
        -- the Asia/Shanghai day of the decision: what puts the record in a week and a scoring period
        decided_on date NOT NULL,
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        revoked_at timestamptz,
        revoked_by text,
        revoke_reason text,
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX accountability_records_day_idx ON accountability_records (decided_on, unit_id)`);
    await q.query(`CREATE INDEX accountability_records_unit_idx ON accountability_records (unit_id, decided_on)`);
    await q.query(`
      CREATE TABLE accountability_record_issues (
        record_id uuid NOT NULL REFERENCES accountability_records (id),
        issue_id uuid NOT NULL REFERENCES issues (id),
        PRIMARY KEY (record_id, issue_id)
      )`);
    await q.query(`CREATE INDEX accountability_record_issues_issue_idx ON accountability_record_issues (issue_id)`);
    await q.query(`
      CREATE FUNCTION accountability_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'an accountability record is never deleted: revoke it'; END IF;
        IF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
           OR (NEW.id, NEW.kind, NEW.unit_id, NEW.person_name, NEW.person_post, NEW.document_number, NEW.decided_on,
               NEW.reason, NEW.recorded_at, NEW.recorded_by)
              IS DISTINCT FROM
              (OLD.id, OLD.kind, OLD.unit_id, OLD.person_name, OLD.person_post, OLD.document_number, OLD.decided_on,
               OLD.reason, OLD.recorded_at, OLD.recorded_by) THEN
          RAISE EXCEPTION 'an accountability record is only ever revoked, once';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER accountability_records_guard BEFORE UPDATE OR DELETE ON accountability_records
        FOR EACH ROW EXECUTE FUNCTION accountability_records_guard()`);
    await q.query(`
      CREATE FUNCTION accountability_record_issues_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the problems of an accountability record are never changed';
      END $$`);
    await q.query(`
      CREATE TRIGGER accountability_record_issues_guard BEFORE UPDATE OR DELETE ON accountability_record_issues
        FOR EACH ROW EXECUTE FUNCTION accountability_record_issues_guard()`);

    // Points off a unit's score per record decided in the period (defaults in src/eco/eco-score.ts).
    await q.query(`
      ALTER TABLE eco_settings
        ADD COLUMN interview_penalty numeric NOT NULL DEFAULT 5 CHECK (interview_penalty BETWEEN 0 AND 100),
        ADD COLUMN public_criticism_penalty numeric NOT NULL DEFAULT 3 CHECK (public_criticism_penalty BETWEEN 0 AND 100),
        ADD COLUMN accountability_penalty numeric NOT NULL DEFAULT 10 CHECK (accountability_penalty BETWEEN 0 AND 100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE eco_settings DROP COLUMN interview_penalty, DROP COLUMN public_criticism_penalty,
         DROP COLUMN accountability_penalty`,
    );
    await q.query(`DROP TABLE accountability_record_issues`);
    await q.query(`DROP FUNCTION accountability_record_issues_guard()`);
    await q.query(`DROP TABLE accountability_records`);
    await q.query(`DROP FUNCTION accountability_records_guard()`);
  }
}
