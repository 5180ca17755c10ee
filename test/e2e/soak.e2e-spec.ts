// A short soak: 8 clients send random valid and invalid events to 60 problems at once, through GraphQL. Afterwards the
// log replays to every stored state, events = sum of versions, and every acknowledged event is in the log exactly
// once. The long version (32 clients, 500 problems, as long as you like) is bench/soak.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  checkSoak,
  prepareSoak,
  runSoak,
  SHORT_SOAK,
  percentile,
  type Gql,
  type SoakCheck,
  type SoakResult,
  type SoakWorld,
} from '../../bench/soak.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

describe(`soak: ${SHORT_SOAK.clients} clients × ${SHORT_SOAK.problems} problems × ${SHORT_SOAK.requestsPerClient} requests each`, () => {
  let t: TestApp;
  let world: SoakWorld;
  let result: SoakResult;
  let check: SoakCheck;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    const gql: Gql = (token, query, variables) => t.gql(token, query, variables);
    world = await prepareSoak(gql, OFFICE_TOKEN, SHORT_SOAK, t.clock.now());
    result = await runSoak(gql, world, SHORT_SOAK);
    check = await checkSoak(gql, world, result, (q) => t.db.query(q));
    process.stdout.write(
      `soak: ${result.requests} requests in ${result.elapsedMs} ms, accepted ${result.accepted}, refusals ${JSON.stringify(result.codes)}, ` +
        `p50 ${percentile(result.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(result.latenciesMs, 99).toFixed(0)} ms; ` +
        `${check.events} events, sum of versions ${check.sumOfVersions}\n`,
    );
    // ~9 s alone; a CI run's neighbouring suites (browsers) stretched it past 60 s once. The soak checks replies, not time.
  }, 180_000);
  afterAll(() => t?.close());

  it('got an expected reply to every request: applied, or refused with a contract code', () => {
    expect(result.unexpected).toEqual([]);
    expect(result.requests).toBe(SHORT_SOAK.clients * SHORT_SOAK.requestsPerClient!);
    // The mix is real: many applied, and refusals of each kind a race or a bad request brings.
    expect(result.accepted).toBeGreaterThan(result.requests / 4);
    for (const code of ['BAD_USER_INPUT', 'INVALID_TRANSITION', 'VERSION_CONFLICT', 'FORBIDDEN'])
      expect(result.codes[code] ?? 0).toBeGreaterThan(0);
  });

  it('leaves a log that replays to every stored state', () => {
    expect(check.verifyLog.mismatches).toEqual([]);
    expect(check.verifyLog.checked).toBe(SHORT_SOAK.problems);
  });

  it('has as many events as the sum of the versions, and each problem a version equal to its own events, seq 1..version', () => {
    expect(check.events).toBe(check.sumOfVersions);
    expect(check.badLogs).toEqual([]);
  });

  it('lost and doubled nothing: the acknowledged events are exactly the events after the set-up, one version each', () => {
    expect(check.badAcks).toEqual([]);
    const acknowledged = [...result.acks.values()].reduce((n, a) => n + a.length, 0);
    expect(acknowledged).toBe(result.accepted);
    // file + assign per problem, then one event per acknowledgement.
    expect(check.events).toBe(SHORT_SOAK.problems * 2 + result.accepted);
  });
});
