import type { MigrationInterface, QueryRunner } from 'typeorm';

// The list's new filters and orders (issue-list.query.ts), each read from an index or a kept count:
// - awaitingMe: whose move a problem waits for, as the machine's rules say (workflows/issue.rules.ts; src/issues/
//   awaiting.ts is the TypeScript side and test/e2e/awaiting.e2e-spec.ts checks that both agree in every state): the
//   lead unit's (accept or return an assigned problem; report progress or submit one in progress) or the office's
//   (assign a filed one, decide a pending extension, verify a submitted one, close a verified one — once its derived
//   problems are closed, which the list checks on the row's children). Immutable functions of the row, so that partial
//   indexes hold exactly the problems waiting for each: a few thousand at a million problems.
// - DUE_AT order: by the deadline, problems without one last (as if due at the end of time).
// - substates: issue_list_counts (migration 9) splits by sub-state too, so "submitted" and "in progress" are counted
//   like states; rows of the old shape are the sums of the new ones, so an instance of the previous version reads
//   the same counts during a rolling upgrade. Rare sub-states (submitted, verified) are read by an index on it.
const NIL = `'00000000-0000-0000-0000-000000000000'`;
const WITH_SUBSTATE = ['state', 'substate', 'source', 'published'];
const WITHOUT_SUBSTATE = ['state', 'source', 'published'];

/** migration 9's statement, over the count rows' columns `cols` (after unit_id and lead). */
function apply(rows: string, cols: string[]): string {
  const keys = cols.map((_, k) => String(k + 3)).join(', ');
  return `
        INSERT INTO issue_list_counts AS c (unit_id, lead, ${cols.join(', ')}, n)
        SELECT x.unit_id, x.lead, ${cols.map((c) => `x.${c}`).join(', ')}, sum(x.sign)
          FROM (
            SELECT DISTINCT r.id, r.sign, k.unit_id, k.pos = 1 AS lead, ${cols.map((c) => `r.${c}`).join(', ')}
              FROM (${rows}) r
              CROSS JOIN LATERAL unnest(array_prepend(coalesce(r.lead_unit_id, ${NIL}::uuid), r.cooperating_unit_ids))
                WITH ORDINALITY k(unit_id, pos)
             WHERE k.pos = 1 OR k.unit_id IS DISTINCT FROM r.lead_unit_id
          ) x
         GROUP BY 1, 2, ${keys}
        HAVING sum(x.sign) <> 0
         ORDER BY 1, 2, ${keys}
        ON CONFLICT (unit_id, lead, ${cols.join(', ')}) DO UPDATE SET n = c.n + EXCLUDED.n`;
}

async function listCounts(q: QueryRunner, cols: string[]): Promise<void> {
  const columns = `id, lead_unit_id, cooperating_unit_ids, ${cols.join(', ')}`;
  await q.query(`ALTER TABLE issue_list_counts DROP CONSTRAINT IF EXISTS issue_list_counts_pkey`);
  await q.query(`TRUNCATE issue_list_counts`);
  await q.query(`ALTER TABLE issue_list_counts ADD PRIMARY KEY (unit_id, lead, ${cols.join(', ')})`);
  await q.query(`
    CREATE OR REPLACE FUNCTION rectify_list_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${apply(`SELECT 1 AS sign, ${columns} FROM new_rows`, cols)};
      ELSIF TG_OP = 'UPDATE' THEN
        ${apply(`SELECT 1 AS sign, ${columns} FROM new_rows UNION ALL SELECT -1, ${columns} FROM old_rows`, cols)};
      ELSE
        TRUNCATE issue_list_counts;
      END IF;
      RETURN NULL;
    END $$`);
  await q.query(`
    CREATE OR REPLACE FUNCTION rectify_list_counts_rebuild() RETURNS void LANGUAGE sql AS $$
      TRUNCATE issue_list_counts;
      ${apply(`SELECT 1 AS sign, ${columns} FROM issues`, cols)};
    $$`);
  await q.query(`SELECT rectify_list_counts_rebuild()`);
}

export class IssueWorkQueues1763900000016 implements MigrationInterface {
  name = 'IssueWorkQueues1763900000016';

  async up(q: QueryRunner): Promise<void> {
    // Strict booleans (never NULL), so that "awaitingMe: false" is the exact complement.
    await q.query(`
      CREATE FUNCTION rectify_awaits_lead(substate text, duplicate_of_id uuid) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN duplicate_of_id IS NULL AND substate IN ('ASSIGNED', 'RECTIFYING.inProgress')`);
    await q.query(`
      CREATE FUNCTION rectify_awaits_office(substate text, pending_extension jsonb, duplicate_of_id uuid) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN duplicate_of_id IS NULL AND (
          substate IN ('FILED', 'RECTIFYING.submitted', 'VERIFIED')
          OR (substate = 'RECTIFYING.inProgress' AND pending_extension IS NOT NULL AND jsonb_typeof(pending_extension) = 'object'))`);
    await q.query(
      `CREATE INDEX issues_awaits_lead_idx ON issues (lead_unit_id, filed_at DESC, id DESC) WHERE rectify_awaits_lead(substate, duplicate_of_id)`,
    );
    // A unit's queue by deadline, the most urgent first: walking all its problems by deadline for the few it still holds
    // read ~1,700 rows for a page of 50 at 20,000 problems (2.4 ms), and would read tens of thousands at a million.
    await q.query(
      `CREATE INDEX issues_awaits_lead_due_idx ON issues (lead_unit_id, (coalesce(due_at, 'infinity'::timestamptz)), id) WHERE rectify_awaits_lead(substate, duplicate_of_id)`,
    );
    await q.query(
      `CREATE INDEX issues_awaits_office_idx ON issues (filed_at DESC, id DESC) WHERE rectify_awaits_office(substate, pending_extension, duplicate_of_id)`,
    );
    await q.query(`CREATE INDEX issues_due_idx ON issues ((coalesce(due_at, 'infinity'::timestamptz)), id)`);
    await q.query(
      `CREATE INDEX issues_lead_due_idx ON issues (lead_unit_id, (coalesce(due_at, 'infinity'::timestamptz)), id)`,
    );
    await q.query(`CREATE INDEX issues_substate_idx ON issues (substate)`);
    await q.query(`ALTER TABLE issue_list_counts ADD COLUMN substate text`);
    await listCounts(q, WITH_SUBSTATE); // (the key makes it NOT NULL)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issue_list_counts DROP COLUMN substate`); // (and the key it is part of)
    await listCounts(q, WITHOUT_SUBSTATE);
    for (const index of ['substate', 'lead_due', 'due', 'awaits_office', 'awaits_lead_due', 'awaits_lead'])
      await q.query(`DROP INDEX issues_${index}_idx`);
    await q.query(`DROP FUNCTION rectify_awaits_office(text, jsonb, uuid)`);
    await q.query(`DROP FUNCTION rectify_awaits_lead(text, uuid)`);
  }
}
