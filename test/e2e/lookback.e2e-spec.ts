// Look-back campaigns (回头看) over HTTP on a real PostgreSQL: a campaign of 200 closed problems of one batch across four
// units — started in one transaction and told to each unit once, self-checked by the units, concluded by the office
// with 23 rebounds through the machine's revisit, each conclusion applied once however often it is sent — and the
// observation period (观察期) after closing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  closingAtAcceptance,
  createToken,
  createUnitWithToken,
  daysAfter,
  issueIn,
  type IssueRef,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const BATCH = '第三轮中央生态环境保护督察 第7批';
const PER_UNIT = 50;
const REBOUNDS = 23;
/** Items of the last unit it never reports: overdue once the due date passes. */
const UNREPORTED = 5;

const PROGRESS = 'items reported concluded ok rebounds withdrawn overdue open';
const CAMPAIGN = `id title status dueDay completedAt endedAt selection { batch year sources unitId codes }
  progress { ${PROGRESS} } units { unit { id } ${PROGRESS} }`;
const ITEM =
  'id campaignId status overdue rebounded eventSeq concludedAt report { finding comment } issue { id code } unit { id }';

interface Progress {
  items: number;
  reported: number;
  concluded: number;
  ok: number;
  rebounds: number;
  withdrawn: number;
  overdue: number;
  open: number;
}
interface Campaign {
  id: string;
  title: string;
  status: string;
  dueDay: string;
  completedAt: string | null;
  endedAt: string | null;
  selection: {
    batch: string | null;
    year: number | null;
    sources: string[] | null;
    unitId: string | null;
    codes: string[] | null;
  };
  progress: Progress;
  units: (Progress & { unit: { id: string } })[];
}
interface Item {
  id: string;
  campaignId: string;
  status: string;
  overdue: boolean;
  rebounded: boolean | null;
  eventSeq: number | null;
  concludedAt: string | null;
  report: { finding: string; comment: string } | null;
  issue: { id: string; code: string } | null;
  unit: { id: string };
}

const START = `mutation($input: StartLookbackInput!) { startLookback(input: $input) { ${CAMPAIGN} } }`;
const CONCLUDE = `mutation($item: ID!, $rebounded: Boolean!, $comment: String, $due: DateTime) {
  concludeLookback(itemId: $item, rebounded: $rebounded, comment: $comment, newDueAt: $due) { ${ITEM} } }`;
const REPORT = `mutation($item: ID!, $finding: LookbackFinding!, $comment: String!) {
  reportLookback(itemId: $item, finding: $finding, comment: $comment) { ${ITEM} } }`;
const ITEMS = `query($campaign: ID, $unit: ID, $statuses: [LookbackItemStatus!], $overdue: Boolean, $after: String) {
  lookbackItems(campaignId: $campaign, unitId: $unit, statuses: $statuses, overdue: $overdue, first: 200, after: $after) { ${ITEM} } }`;

/** Runs `f` over `xs`, `width` at a time (the app takes them side by side; the order of results is kept). */
async function inChunks<T, R>(xs: T[], width: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < xs.length; i += width)
    out.push(...(await Promise.all(xs.slice(i, i + width).map((x, k) => f(x, i + k)))));
  return out;
}

async function allItems(t: TestApp, token: string, vars: Record<string, unknown>): Promise<Item[]> {
  const all: Item[] = [];
  for (;;) {
    const { lookbackItems } = await t.ok<{ lookbackItems: Item[] }>(token, ITEMS, { ...vars, after: all.at(-1)?.id });
    all.push(...lookbackItems);
    if (lookbackItems.length < 200) return all;
  }
}

const startWith = (t: TestApp, input: Record<string, unknown>) => t.gql(OFFICE_TOKEN, START, { input });

describe('look-back campaign (回头看) over a batch of 200 closed problems', () => {
  let t: TestApp;
  let units: UnitWithToken[];
  const issues: { ref: IssueRef; unit: UnitWithToken }[] = [];
  let openOne: IssueRef;
  let campaign: Campaign;
  let rebound: Set<string>;

  beforeAll(async () => {
    t = await createTestApp();
    await closingAtAcceptance(t);
    units = [];
    for (let k = 0; k < 4; k++) units.push(await createUnitWithToken(t));
    const plan = Array.from({ length: PER_UNIT * units.length }, (_, i) => units[i % units.length]);
    const refs = await inChunks(plan, 16, (unit) => issueIn(t, 'CLOSED', unit, { file: { batch: BATCH } }));
    refs.forEach((ref, i) => issues.push({ ref, unit: plan[i] }));
    // Not closed, and of another batch: neither is taken.
    openOne = await issueIn(t, 'RECTIFYING.inProgress', units[0], { file: { batch: BATCH } });
    await issueIn(t, 'CLOSED', units[1], { file: { batch: '第三轮中央生态环境保护督察 第8批' } });
    // 23 rebounds, spread over the units (every ninth problem).
    rebound = new Set(issues.filter((_, i) => i % 9 === 0).map((x) => x.ref.id));
    expect(rebound.size).toBe(REBOUNDS);
    t.clock.advanceDays(3);
  }, 600_000);

  afterAll(() => t.close());

  it('refuses a selection that picks nothing, or none at all, and a due date gone by', async () => {
    const none = await startWith(t, { title: '回头看', selection: {}, dueAt: daysAfter(t, 30) });
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['selection'] });
    const empty = await startWith(t, {
      title: '回头看',
      selection: { batch: '没有这个批次' },
      dueAt: daysAfter(t, 30),
    });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['selection'] });
    const past = await startWith(t, { title: '回头看', selection: { batch: BATCH }, dueAt: daysAfter(t, -1) });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['dueAt'] });
    const listed = await startWith(t, {
      title: '回头看',
      selection: { codes: [issues[0].ref.code, openOne.code, 'ZY-1999-99999'] },
      dueAt: daysAfter(t, 30),
    });
    expect(listed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['codes'] });
    const reasons = (listed.errors?.[0].extensions.reasons as { reason: string; message: string }[]).map(
      (r) => r.reason,
    );
    expect(reasons.sort()).toEqual(['CONFLICTING', 'UNKNOWN_REFERENCE']);
    const unit = await t.gql(units[0].token, START, {
      input: { title: '回头看', selection: { batch: BATCH }, dueAt: daysAfter(t, 30) },
    });
    expect(unit.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // Nothing was started by any of these.
    const { lookbackCampaigns } = await t.ok<{ lookbackCampaigns: Campaign[] }>(
      OFFICE_TOKEN,
      `{ lookbackCampaigns { id } }`,
    );
    expect(lookbackCampaigns).toEqual([]);
  });

  it('starts over the batch: 200 problems handed to their 4 units, each unit told once', async () => {
    const { startLookback } = await t.ok<{ startLookback: Campaign }>(OFFICE_TOKEN, START, {
      input: { title: '第7批交办问题整改“回头看”', selection: { batch: BATCH }, dueAt: daysAfter(t, 14) },
    });
    campaign = startLookback;
    expect(campaign.status).toBe('OPEN');
    expect(campaign.selection).toEqual({ batch: BATCH, year: null, sources: null, unitId: null, codes: null });
    expect(campaign.progress).toEqual({
      items: 200,
      reported: 0,
      concluded: 0,
      ok: 0,
      rebounds: 0,
      withdrawn: 0,
      overdue: 0,
      open: 200,
    });
    expect(campaign.units.map((u) => u.unit.id).sort()).toEqual(units.map((u) => u.id).sort());
    for (const row of campaign.units) expect(row.items).toBe(PER_UNIT);

    for (const unit of units) {
      const { notifications } = await t.ok<{
        notifications: { trigger: string; issueId: string | null; lookbackCampaignId: string | null; text: string }[];
      }>(unit.token, `{ notifications { trigger issueId lookbackCampaignId text } }`);
      const told = notifications.filter((n) => n.trigger === 'LOOKBACK_ASSIGNED');
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ issueId: null, lookbackCampaignId: campaign.id });
      expect(told[0].text).toContain(`${PER_UNIT} 个已销号问题需自查，请于 ${campaign.dueDay} 前报送`);
    }

    // A problem is in one open campaign at a time.
    const again = await startWith(t, { title: '再次回头看', selection: { batch: BATCH }, dueAt: daysAfter(t, 14) });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['selection'] });
  });

  it('lets a unit read and report its own items only', async () => {
    const [a, b] = units;
    const mine = await allItems(t, a.token, { campaign: campaign.id, statuses: ['AWAITING_REPORT'] });
    expect(mine).toHaveLength(PER_UNIT);
    expect(new Set(mine.map((i) => i.unit.id))).toEqual(new Set([a.id]));
    expect(mine.every((i) => i.issue !== null)).toBe(true);

    const peek = await t.gql(a.token, ITEMS, { unit: b.id });
    expect(peek.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const theirs = (await allItems(t, OFFICE_TOKEN, { campaign: campaign.id, unit: b.id }))[0];
    const foreign = await t.gql(a.token, REPORT, { item: theirs.id, finding: 'HOLDING', comment: '自查未反弹' });
    expect(foreign.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const leader = await t.gql(await createToken(t, 'LEADER'), REPORT, {
      item: theirs.id,
      finding: 'HOLDING',
      comment: '代报',
    });
    expect(leader.errors?.[0].extensions.code).toBe('FORBIDDEN');

    const { lookbackCampaign } = await t.ok<{ lookbackCampaign: Campaign }>(
      a.token,
      `query($id: ID!) { lookbackCampaign(id: $id) { ${CAMPAIGN} } }`,
      { id: campaign.id },
    );
    expect(lookbackCampaign.progress.items).toBe(PER_UNIT);
    expect(lookbackCampaign.units.map((u) => u.unit.id)).toEqual([a.id]);
    // Each item's campaign, as the unit reads it (its own items counted).
    const { lookbackItems } = await t.ok<{
      lookbackItems: { campaign: { id: string; progress: { items: number } } }[];
    }>(a.token, `{ lookbackItems(first: 200) { campaign { id progress { items } } } }`);
    expect(lookbackItems).toHaveLength(PER_UNIT);
    for (const item of lookbackItems) expect(item.campaign).toEqual({ id: campaign.id, progress: { items: PER_UNIT } });
  });

  it('counts the units’ self-checks, and the ones overdue once the due date passes', async () => {
    const byUnit = new Map<string, Item[]>();
    for (const unit of units) byUnit.set(unit.id, await allItems(t, unit.token, { campaign: campaign.id }));
    const last = units.at(-1)!;
    const reports = units.flatMap((unit) => {
      const items = byUnit.get(unit.id)!;
      return (unit === last ? items.slice(UNREPORTED) : items).map((item) => ({ unit, item }));
    });
    await inChunks(reports, 16, async ({ unit, item }) => {
      const found = rebound.has(item.issue!.id);
      await t.ok(unit.token, REPORT, {
        item: item.id,
        finding: found ? 'REBOUNDED' : 'HOLDING',
        comment: found ? '现场复查发现渗滤液再次外溢' : '现场复查，整改成效巩固',
      });
    });
    t.clock.advanceDays(15);
    const progress = await progressOf(t, campaign.id);
    expect(progress.progress).toMatchObject({
      items: 200,
      reported: 200 - UNREPORTED,
      concluded: 0,
      overdue: UNREPORTED,
    });
    expect(progress.units.find((u) => u.unit.id === last.id)).toMatchObject({
      reported: PER_UNIT - UNREPORTED,
      overdue: UNREPORTED,
    });
    const overdue = await allItems(t, last.token, { campaign: campaign.id, overdue: true });
    expect(overdue.map((i) => i.id)).toEqual(
      byUnit
        .get(last.id)!
        .slice(0, UNREPORTED)
        .map((i) => i.id),
    );
  });

  it('concludes all 200 through the machine: 23 rebounds back in rectification, the rest REVISITED', async () => {
    const all = await allItems(t, OFFICE_TOKEN, { campaign: campaign.id });
    expect(all).toHaveLength(200);
    const due = daysAfter(t, 30);
    const concluded = await inChunks(all, 16, async (item) => {
      const r = rebound.has(item.issue!.id);
      const { concludeLookback } = await t.ok<{ concludeLookback: Item }>(OFFICE_TOKEN, CONCLUDE, {
        item: item.id,
        rebounded: r,
        comment: r ? '回头看发现反弹，重新交办整改' : null,
        due: r ? due : null,
      });
      return concludeLookback;
    });
    expect(concluded.every((c) => c.status === 'CONCLUDED' && c.eventSeq !== null)).toBe(true);
    expect(concluded.filter((c) => c.rebounded).length).toBe(REBOUNDS);

    const { lookbackCampaign } = await t.ok<{ lookbackCampaign: Campaign }>(
      OFFICE_TOKEN,
      `query($id: ID!) { lookbackCampaign(id: $id) { ${CAMPAIGN} } }`,
      { id: campaign.id },
    );
    expect(lookbackCampaign.status).toBe('COMPLETED');
    expect(lookbackCampaign.completedAt).not.toBeNull();
    expect(lookbackCampaign.progress).toEqual({
      items: 200,
      reported: 200 - UNREPORTED,
      concluded: 200,
      ok: 200 - REBOUNDS,
      rebounds: REBOUNDS,
      withdrawn: 0,
      overdue: 0,
      open: 0,
    });
    for (const row of lookbackCampaign.units) {
      const ofUnit = issues.filter((x) => x.unit.id === row.unit.id);
      const r = ofUnit.filter((x) => rebound.has(x.ref.id)).length;
      expect(row).toMatchObject({ items: PER_UNIT, concluded: PER_UNIT, rebounds: r, ok: PER_UNIT - r });
    }

    // Each problem: its revisit is the item's event, once; a rebound is back with its unit, counted.
    const states = await inChunks(issues, 25, async ({ ref }) => {
      const { issue } = await t.ok<{
        issue: { substate: string; reboundCount: number; version: number; events: { seq: number; type: string }[] };
      }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { substate reboundCount version events { seq type } } }`, {
        id: ref.id,
      });
      return { ref, issue };
    });
    for (const { ref, issue } of states) {
      const item = concluded.find((c) => c.issue!.id === ref.id)!;
      const revisits = issue.events.filter((e) => e.type === 'revisit');
      expect(revisits.map((e) => e.seq)).toEqual([item.eventSeq]);
      if (rebound.has(ref.id)) expect(issue).toMatchObject({ substate: 'RECTIFYING.inProgress', reboundCount: 1 });
      else expect(issue).toMatchObject({ substate: 'REVISITED', reboundCount: 0 });
    }

    // The table counts the rebounds as the campaign does, unit by unit.
    const { closureReport } = await t.ok<{
      closureReport: {
        rows: { unit: { id: string }; rebounds: number; closed: number }[];
        total: { rebounds: number; closed: number; total: number };
      };
    }>(
      OFFICE_TOKEN,
      `query($b: String) { closureReport(batch: $b) { rows { unit { id } rebounds closed } total { rebounds closed total } } }`,
      {
        b: BATCH,
      },
    );
    expect(closureReport.total).toEqual({ rebounds: REBOUNDS, closed: 200 - REBOUNDS, total: 201 });
    for (const row of lookbackCampaign.units)
      expect(closureReport.rows.find((r) => r.unit.id === row.unit.id)?.rebounds).toBe(row.rebounds);
  }, 300_000);

  it('applies a conclusion once: a retry answers it as done, the other outcome is refused', async () => {
    const [item] = await allItems(t, OFFICE_TOKEN, { campaign: campaign.id });
    const r = rebound.has(item.issue!.id);
    const versionOf = async () =>
      (
        await t.ok<{ issue: { version: number } }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { version } }`, {
          id: item.issue!.id,
        })
      ).issue.version;
    const before = await versionOf();
    const retry = await t.ok<{ concludeLookback: Item }>(OFFICE_TOKEN, CONCLUDE, {
      item: item.id,
      rebounded: r,
      comment: '重复提交',
      due: r ? daysAfter(t, 30) : null,
    });
    expect(retry.concludeLookback).toMatchObject({ status: 'CONCLUDED', eventSeq: item.eventSeq, rebounded: r });
    expect(await versionOf()).toBe(before);
    const other = await t.gql(OFFICE_TOKEN, CONCLUDE, {
      item: item.id,
      rebounded: !r,
      comment: '改判',
      due: r ? null : daysAfter(t, 30),
    });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', lookbackItemStatus: 'CONCLUDED' });
    expect(await versionOf()).toBe(before);
    const owner = units.find((u) => u.id === item.unit.id)!;
    const late = await t.gql(owner.token, REPORT, { item: item.id, finding: 'HOLDING', comment: '补报' });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', lookbackItemStatus: 'CONCLUDED' });
  });

  it('applies conclusions sent at once once, and ends a campaign with its rest withdrawn', async () => {
    // The REVISITED problems of the first unit, looked back at again (a second, yearly 回头看), listed by code.
    const revisited = issues.filter((x) => x.unit.id === units[0].id && !rebound.has(x.ref.id)).slice(0, 3);
    const { startLookback } = await t.ok<{ startLookback: Campaign }>(OFFICE_TOKEN, START, {
      input: {
        title: '年度回头看',
        selection: { codes: revisited.map((x) => x.ref.code), year: 2026 },
        dueAt: daysAfter(t, 10),
      },
    });
    expect(startLookback.progress.items).toBe(3);
    const items = await allItems(t, OFFICE_TOKEN, { campaign: startLookback.id });
    const both = await Promise.all(
      [0, 1, 2, 3].map(() =>
        t.gql<{ concludeLookback: Item }>(OFFICE_TOKEN, CONCLUDE, { item: items[0].id, rebounded: false }),
      ),
    );
    for (const reply of both) expect(reply.errors).toBeUndefined();
    expect(new Set(both.map((r) => r.data!.concludeLookback.eventSeq)).size).toBe(1);
    const { issue } = await t.ok<{ issue: { events: { type: string }[] } }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { events { type } } }`,
      { id: items[0].issue!.id },
    );
    expect(issue.events.filter((e) => e.type === 'revisit')).toHaveLength(2);

    const { endLookback } = await t.ok<{ endLookback: Campaign }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { endLookback(id: $id, reason: "并入全区年度回头看") { ${CAMPAIGN} } }`,
      { id: startLookback.id },
    );
    expect(endLookback.status).toBe('ENDED');
    expect(endLookback.progress).toMatchObject({ items: 3, concluded: 1, withdrawn: 2, open: 0 });
    const withdrawn = await t.gql(OFFICE_TOKEN, CONCLUDE, { item: items[1].id, rebounded: false });
    expect(withdrawn.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      lookbackItemStatus: 'WITHDRAWN',
    });
    // Withdrawn problems may be looked back at again.
    const again = await t.ok<{ startLookback: Campaign }>(OFFICE_TOKEN, START, {
      input: { title: '补充回头看', selection: { issueIds: [items[1].issue!.id] }, dueAt: daysAfter(t, 10) },
    });
    expect(again.startLookback.progress.items).toBe(1);
  });
});

async function progressOf(t: TestApp, id: string): Promise<Campaign> {
  const { lookbackCampaign } = await t.ok<{ lookbackCampaign: Campaign }>(
    OFFICE_TOKEN,
    `query($id: ID!) { lookbackCampaign(id: $id) { ${CAMPAIGN} } }`,
    { id },
  );
  return lookbackCampaign;
}

describe('the observation period (观察期) after closing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
  });

  afterAll(() => t.close());

  it('keeps a closed problem under observation for 90 days from its closing day', async () => {
    const unit = await createUnitWithToken(t);
    // Closed at 2026-03-02 10:00 Shanghai: observed through 2026-05-30 (the closing day and 89 after).
    const closed = await issueIn(t, 'CLOSED', unit);
    const open = await issueIn(t, 'RECTIFYING.inProgress', unit);
    const read = async () => {
      const { a, b, list, rest } = await t.ok<{
        a: { observationEndDay: string | null; underObservation: boolean };
        b: { observationEndDay: string | null; underObservation: boolean };
        list: { totalCount: number; edges: { node: { id: string } }[] };
        rest: { totalCount: number };
      }>(
        OFFICE_TOKEN,
        `query($a: ID!, $b: ID!) {
           a: issue(id: $a) { observationEndDay underObservation }
           b: issue(id: $b) { observationEndDay underObservation }
           list: issues(filter: { underObservation: true }) { totalCount edges { node { id } } }
           rest: issues(filter: { underObservation: false }) { totalCount }
         }`,
        { a: closed.id, b: open.id },
      );
      return { a, b, listed: list.edges.map((e) => e.node.id), count: list.totalCount, rest: rest.totalCount };
    };
    let now = await read();
    expect(now.a).toEqual({ observationEndDay: '2026-05-30', underObservation: true });
    expect(now.b).toEqual({ observationEndDay: null, underObservation: false });
    expect(now).toMatchObject({ listed: [closed.id], count: 1, rest: 1 });

    t.clock.set(new Date('2026-05-30T15:59:59.000Z')); // 23:59:59 of the last day, Shanghai
    now = await read();
    expect(now).toMatchObject({ a: { underObservation: true }, count: 1, rest: 1 });

    t.clock.set(new Date('2026-05-30T16:00:00.000Z')); // the next day begins
    now = await read();
    expect(now).toMatchObject({ a: { observationEndDay: '2026-05-30', underObservation: false }, count: 0, rest: 2 });
  });
});
