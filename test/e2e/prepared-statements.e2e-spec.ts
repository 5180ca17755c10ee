// The transition path's statements are prepared once per connection (src/database/prepared-statement.ts): on a
// connection that ran them they are in pg_prepared_statements under their names, run again from there, and a failing one
// fails as any other statement does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { IssuesRepository } from '../../src/issues/issues.repository.js';
import { assign, createUnitWithToken, fileIssue } from '../factories/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('prepared statements on the transition path', () => {
  let t: TestApp;
  let runner: QueryRunner;
  beforeAll(async () => {
    t = await createTestApp();
    runner = t.db.createQueryRunner();
    await runner.connect();
  });
  afterAll(async () => {
    await runner.release();
    await t.close();
  });

  const preparedHere = async (): Promise<{ name: string; statement: string }[]> =>
    runner.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY name`);

  it('reads and locks a problem through statements prepared on the connection, once each', async () => {
    const unit = await createUnitWithToken(t, { name: '区生态环境局' });
    const issue = await fileIssue(t);
    await assign(t, issue.id, unit.id);
    const issues = t.app.get(IssuesRepository);

    expect((await preparedHere()).filter((s) => s.name.startsWith('issue_lock_'))).toEqual([]);
    await runner.startTransaction();
    try {
      const first = await issues.lock(runner.manager, issue.id);
      const again = await issues.lock(runner.manager, issue.id);
      expect(first?.id).toBe(issue.id);
      expect(again?.substate).toBe('ASSIGNED');
    } finally {
      await runner.commitTransaction();
    }
    const lock = (await preparedHere()).filter((s) => s.name.startsWith('issue_lock_'));
    expect(lock).toHaveLength(1);
    expect(lock[0].statement).toMatch(/FOR UPDATE$/);
  });

  it('answers transitions as before, and a bad value fails the statement without breaking the connection', async () => {
    const unit = await createUnitWithToken(t, { name: '区水利局' });
    const issue = await fileIssue(t);
    await assign(t, issue.id, unit.id);
    const accepted = await t.ok<{ acceptIssue: { version: number; state: string } }>(
      unit.token,
      `mutation($id: ID!) { acceptIssue(issueId: $id) { version state } }`,
      { id: issue.id },
    );
    expect(accepted.acceptIssue).toEqual({ version: 3, state: 'RECTIFYING' });

    const issues = t.app.get(IssuesRepository);
    await expect(issues.lock(runner.manager, 'not-a-uuid')).rejects.toMatchObject({ driverError: { code: '22P02' } });
    expect((await issues.lock(runner.manager, issue.id))?.version).toBe(3);
  });
});
