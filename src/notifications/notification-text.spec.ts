import { describe, expect, it } from '@jest/globals';
import {
  afterQuietHours,
  dailyDue,
  daysLeftText,
  parseQuietHours,
  raisedBy,
  render,
  TELLING_EVENTS,
  TEMPLATES,
  type LoggedEvent,
} from './notification-text.js';
import { ISSUE_EVENT_TYPES } from '../../workflows/issue.types.js';
import { NOTIFICATION_TRIGGERS } from './notification.types.js';

const LEAD = '11111111-1111-4111-8111-111111111111';
const COOP = '22222222-2222-4222-8222-222222222222';
const DEPT = '44444444-4444-4444-8444-444444444444';
// 2026-12-31 24:00 Shanghai: the deadline reads as 2026-12-31
const DUE = new Date('2026-12-31T16:00:00.000Z');

const event = (type: string, payload: Record<string, unknown> = {}, at = '2026-12-07T02:00:00.000Z'): LoggedEvent => ({
  id: '42',
  issueId: '33333333-3333-4333-8333-333333333333',
  code: 'ZY-2026-00060',
  type,
  payload,
  comment: null,
  leadUnitId: LEAD,
  supervisingUnitId: DEPT,
  dueAt: DUE,
  at: new Date(at),
});

describe('render', () => {
  it('writes the assignment as the office’s text message reads', () => {
    const [lead] = raisedBy(event('assign', { leadUnitId: LEAD, cooperatingUnitIds: [] }));
    expect(render(lead.trigger, lead.params, '区整改办')).toBe(
      '【区整改办】您单位有新交办问题 ZY-2026-00060，整改时限 2026-12-31，请及时签收。',
    );
  });

  it('has a template for every rule, each parameter filled and none left in braces', () => {
    for (const trigger of NOTIFICATION_TRIGGERS) {
      const names = [...TEMPLATES[trigger].matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const text = render(trigger, Object.fromEntries(names.map((n) => [n, `<${n}>`])), '签名');
      expect(text.startsWith('【签名】')).toBe(true);
      expect(text).not.toMatch(/[{}]/);
      for (const n of names) expect(text).toContain(`<${n}>`);
    }
  });
});

describe('raisedBy: whom a logged event tells', () => {
  it('tells the supervising department of a submission waiting for its review, and nobody of one that is not', () => {
    const [review] = raisedBy(event('submit', { departmentReview: true }));
    expect([review.trigger, review.unitId]).toEqual(['REVIEW_REQUESTED', DEPT]);
    expect(render(review.trigger, review.params, '区整改办')).toBe(
      '【区整改办】您单位主管的问题 ZY-2026-00060 已由责任单位申请销号，请审核。',
    );
    expect(raisedBy(event('submit', { departmentReview: false }))).toEqual([]);
    expect(raisedBy(event('submit', {}))).toEqual([]);
  });

  it('tells the lead unit its plan was sent back, and why', () => {
    const [told] = raisedBy({ ...event('returnPlan', {}), comment: '请明确清淤范围和完成时限' });
    expect([told.trigger, told.unitId]).toEqual(['PLAN_RETURNED', LEAD]);
    expect(render(told.trigger, told.params, '区整改办')).toBe(
      '【区整改办】您单位问题 ZY-2026-00060 的整改方案被整改办退回（意见：请明确清淤范围和完成时限），请修改后重新报送。',
    );
  });

  it('tells the lead unit which step sent its work back, and why', () => {
    const back = { ...event('sendBack', { step: 'PUBLIC_NOTICE' }), comment: '公示期间群众反映仍有异味' };
    const [told] = raisedBy(back);
    expect([told.trigger, told.unitId]).toEqual(['SENT_BACK', LEAD]);
    expect(render(told.trigger, told.params, '区整改办')).toBe(
      '【区整改办】您单位问题 ZY-2026-00060 在销号公示环节被退回整改（意见：公示期间群众反映仍有异味），请继续整改后重新申请销号。',
    );
  });

  it('tells the lead and each cooperating unit of an assignment or reassignment, on the event’s Shanghai day', () => {
    for (const type of ['assign', 'reassign']) {
      const raised = raisedBy(event(type, { cooperatingUnitIds: [COOP, LEAD] }, '2026-12-06T17:30:00.000Z'));
      expect(raised.map((r) => [r.trigger, r.unitId, r.params.asRole, r.day])).toEqual([
        ['ASSIGNED', LEAD, '', '2026-12-07'],
        ['ASSIGNED', COOP, '（配合）', '2026-12-07'],
      ]);
      expect(raised.every((r) => r.eventId === '42' && r.params.dueDate === '2026-12-31')).toBe(true);
    }
  });

  it('reads a long-term problem’s deadline as 长期坚持', () => {
    const [r] = raisedBy({ ...event('assign', {}), dueAt: null });
    expect(r.params.dueDate).toBe('长期坚持');
  });

  it('names the rung of an escalation', () => {
    expect(raisedBy(event('escalate', { level: 'WARNING' }))[0].params.level).toBe('预警');
    expect(raisedBy(event('escalate', { level: 'NAMED_SUPERVISION' }))[0].params.level).toBe('挂牌督办');
    expect(raisedBy(event('escalate', { level: 'SUPERVISION' }))[0].trigger).toBe('ESCALATED');
  });

  it('tells of a failed verification only, with the office’s opinion cut short, and of either extension decision', () => {
    expect(raisedBy(event('verify', { passed: true }))).toEqual([]);
    const [failed] = raisedBy(event('verify', { passed: false }));
    expect([failed.trigger, failed.params.opinion]).toEqual(['VERIFICATION_FAILED', '']);
    const said = raisedBy({ ...event('verify', { passed: false }), comment: '  现场仍有\n积存垃圾 ' })[0];
    expect(render(said.trigger, said.params, '区整改办')).toBe(
      '【区整改办】您单位问题 ZY-2026-00060 验收未通过（意见：现场仍有 积存垃圾），请继续整改后重新申请销号。',
    );
    const long = raisedBy({ ...event('verify', { passed: false }), comment: '拆'.repeat(60) })[0];
    expect(long.params.opinion).toBe(`（意见：${'拆'.repeat(40)}…）`);
    expect(raisedBy(event('decideExtension', { approve: true }))[0].params.result).toBe('已批准');
    expect(raisedBy(event('decideExtension', { approve: false }))[0].params.result).toBe('未获批准');
  });

  it.each(['file', 'accept', 'return', 'reportProgress', 'requestExtension', 'submit', 'close', 'revisit', 'publish'])(
    'tells nobody of %s',
    (type) => expect(raisedBy(event(type))).toEqual([]),
  );

  it('tells nobody when no unit leads', () => {
    expect(raisedBy({ ...event('escalate', { level: 'WARNING' }), leadUnitId: null })).toEqual([]);
  });
});

describe('quiet hours', () => {
  const quiet = parseQuietHours('22:00-07:00');

  it('reads HH:MM-HH:MM, and off', () => {
    expect(quiet).toEqual({ fromMinute: 1320, toMinute: 420 });
    expect(parseQuietHours('off')).toBeNull();
    expect(parseQuietHours('')).toBeNull();
    expect(parseQuietHours('22:00–07:00')).toEqual(quiet);
    expect(parseQuietHours('22:00 ~ 07:00')).toEqual(quiet);
    expect(() => parseQuietHours('22-7')).toThrow();
    expect(() => parseQuietHours('08:00-08:00')).toThrow();
  });

  it.each([
    ['2026-12-07T13:59:00.000Z', '2026-12-07T13:59:00.000Z'], // 21:59 Shanghai: goes
    ['2026-12-07T14:00:00.000Z', '2026-12-07T23:00:00.000Z'], // 22:00: waits for 07:00
    ['2026-12-07T18:30:10.000Z', '2026-12-07T23:00:00.000Z'], // 02:30
    ['2026-12-07T22:59:59.000Z', '2026-12-07T23:00:00.000Z'], // 06:59:59
    ['2026-12-07T23:00:00.000Z', '2026-12-07T23:00:00.000Z'], // 07:00: goes
  ])('a message ready at %s goes at %s', (ready, goes) => {
    expect(afterQuietHours(new Date(ready), quiet).toISOString()).toBe(goes);
  });

  it('handles hours within one day, and none', () => {
    const lunch = parseQuietHours('12:00-14:00');
    expect(afterQuietHours(new Date('2026-12-07T04:30:00.000Z'), lunch).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(afterQuietHours(new Date('2026-12-07T06:00:00.000Z'), lunch).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(afterQuietHours(new Date('2026-12-07T18:30:00.000Z'), null).toISOString()).toBe('2026-12-07T18:30:00.000Z');
  });
});

describe('daysLeftText', () => {
  it('says today, or how many calendar days are left', () => {
    expect([daysLeftText(0), daysLeftText(1), daysLeftText(3)]).toEqual(['今天到期', '还剩 1 天', '还剩 3 天']);
  });
});

describe('dailyDue', () => {
  const eight = 8 * 60;
  it('is due from the hour on, once a Shanghai day', () => {
    expect(dailyDue(new Date('2026-12-06T23:59:00.000Z'), eight, null)).toBeNull(); // 07:59
    expect(dailyDue(new Date('2026-12-07T00:00:00.000Z'), eight, null)).toBe('2026-12-07'); // 08:00
    expect(dailyDue(new Date('2026-12-07T00:00:00.000Z'), eight, '2026-12-06')).toBe('2026-12-07');
    expect(dailyDue(new Date('2026-12-07T15:59:00.000Z'), eight, '2026-12-07')).toBeNull(); // 23:59, done
    expect(dailyDue(new Date('2026-12-07T16:00:00.000Z'), 0, '2026-12-07')).toBe('2026-12-08'); // midnight
  });
});

describe('orders and instructions', () => {
  const ISSUE = '33333333-3333-4333-8333-333333333333';
  const OTHER = '55555555-5555-4555-8555-555555555555';

  it('tells the unit of an order on several problems once, on the first it names, with the count and reply day', () => {
    const order = { level: 'NAMED_SUPERVISION', number: '督办〔2026〕3号', replyDueAt: '2026-12-14T15:59:59.999Z' };
    const [told] = raisedBy(event('superviseOrder', { ...order, issueIds: [ISSUE, OTHER] }));
    expect(render(told.trigger, told.params, '区整改办')).toBe(
      '【区整改办】整改办对您单位问题 ZY-2026-00060 等 2 个 下发挂牌督办单 督办〔2026〕3号，请于 2026-12-14 前书面回复。',
    );
    expect(told.unitId).toBe(LEAD);
    expect(raisedBy(event('superviseOrder', { ...order, issueIds: [OTHER, ISSUE] }))).toEqual([]);
  });

  it('tells of a reply sent back, and of an instruction, not of an accepted reply', () => {
    const back = { ...event('decideOrderReply', { accepted: false, issueIds: [ISSUE] }), comment: '请明确时间节点' };
    expect(raisedBy(back).map((r) => r.trigger)).toEqual(['ORDER_REPLY_RETURNED']);
    expect(raisedBy(event('decideOrderReply', { accepted: true, issueIds: [ISSUE] }))).toEqual([]);
    const instruct = { ...event('instruct', { issueIds: [ISSUE] }), comment: '请务必按期完成' };
    expect(render('INSTRUCTED', raisedBy(instruct)[0].params, '区整改办')).toContain('作出批示：“请务必按期完成”');
  });

  it('raises nothing from an event the planner does not read', () => {
    for (const type of ISSUE_EVENT_TYPES.filter((t) => !(TELLING_EVENTS as readonly string[]).includes(t)))
      expect(raisedBy(event(type, { issueIds: [ISSUE], accepted: false, departmentReview: true }))).toEqual([]);
  });
});
