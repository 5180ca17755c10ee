import type { MigrationInterface, QueryRunner } from 'typeorm';
// The road to 销号 in the table (src/reports/closure-stages.query.ts): the problems at a stage now, the log rows into a
// stage (who waited where as of an earlier moment) and out of one (how long the stages left in a period took), each a
// small part of the whole. The sub-states are
// the query's STAGE_SUBSTATES as they are now (a test holds the two together): the planner proves the indexes apply.
const STAGE_SUBSTATES = [
  'RECTIFYING.departmentReview',
  'RECTIFYING.submitted',
  'VERIFIED.leadershipApproval',
  'VERIFIED.publicNotice',
  'VERIFIED.objected',
  'VERIFIED.cityReview',
  'VERIFIED.signedOff',
];
const stageRows = (column: string) => `${column} IN (${STAGE_SUBSTATES.map((s) => `'${s}'`).join(', ')})`;
export class ClosureStageRows1763900000028 implements MigrationInterface {
  name = 'ClosureStageRows1763900000028';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX issues_stage_idx ON issues (substate) WHERE ${stageRows('substate')}`);
    await q.query(`CREATE INDEX issue_events_stage_in_idx ON issue_events (at) WHERE ${stageRows('to_state')}`);
    await q.query(`CREATE INDEX issue_events_stage_out_idx ON issue_events (at) WHERE ${stageRows('from_state')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX issue_events_stage_out_idx`);
    await q.query(`DROP INDEX issue_events_stage_in_idx`);
    await q.query(`DROP INDEX issues_stage_idx`);
  }
}
