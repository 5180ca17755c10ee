import { describe, expect, it } from '@jest/globals';
import { initialSnapshot } from '../../workflows/issue.runtime.js';
import { CONTEXT_COLUMN_NAMES, contextColumns, contextOf, contextRecord } from './issue-snapshot.mapper.js';
import { ENTERED_FIELDS, type EnteredValues } from './entered-fields.js';
import { ISSUE_COLUMNS, ISSUE_SHAPE, type IssueRecord } from './issue.record.js';

const record: IssueRecord = {
  ...(Object.fromEntries(ENTERED_FIELDS.map((f) => [f, null])) as EnteredValues),
  id: '11111111-1111-4111-8111-111111111111',
  code: 'ZY-2026-00060',
  source: 'CENTRAL_INSPECTION',
  batch: '第三轮中央生态环境保护督察 第5批',
  title: '磷石膏堆场渗滤液收集不完善',
  description: '堆场周边雨污分流设施不完善',
  category: 'SOLID_WASTE',
  longitude: null,
  latitude: null,
  coordinateSystem: null,
  parentId: null,
  complainantName: null,
  complainantPhone: null,
  complaintChannel: null,
  replyDueAt: null,
  filedAt: new Date('2026-11-02T02:00:00.000Z'),
  filedBy: 'office',
  state: 'RECTIFYING',
  substate: 'RECTIFYING.inProgress',
  machineVersion: 2,
  version: 4,
  leadUnitId: '22222222-2222-4222-8222-222222222222',
  cooperatingUnitIds: ['33333333-3333-4333-8333-333333333333'],
  supervisingUnitId: '44444444-4444-4444-8444-444444444444',
  deadlineKind: 'DATE',
  dueAt: new Date('2026-12-31T16:00:00.000Z'),
  originalDueAt: new Date('2026-11-30T16:00:00.000Z'),
  pendingExtension: {
    newDueAt: '2027-01-31T16:00:00.000Z',
    reason: '雨季施工受阻',
    requestedAt: '2026-12-01T02:00:00.000Z',
  },
  progressPercent: 60,
  finding: null,
  firstSubmittedAt: null,
  submittedAt: null,
  dueAtSubmission: null,
  completedOnTime: null,
  closedAt: null,
  satisfaction: null,
  reboundCount: 0,
  published: true,
  escalationLevel: 'WARNING',
  duplicateOfId: null,
  publicSummary: '正在整改',
  signOffSteps: [],
  noticeEndsAt: null,
  sentBackCount: 0,
  plan: null,
  parts: [],
  orders: [],
  instructions: [],
  enforcement: null,
  updatedAt: new Date('2026-12-01T02:00:00.000Z'),
};

describe('the problem’s shape, once', () => {
  it('gives the machine exactly the context it starts with, instants as ISO strings', () => {
    const context = contextOf(record);
    expect(Object.keys(context).sort()).toEqual(
      Object.keys(initialSnapshot({ source: 'CENTRAL_INSPECTION' }).context).sort(),
    );
    expect(context.dueAt).toBe('2026-12-31T16:00:00.000Z');
    expect(context.pendingExtension).toEqual(record.pendingExtension);
    expect(context.cooperatingUnitIds).toEqual(record.cooperatingUnitIds);
  });

  it('writes the context back as the columns it came from', () => {
    const columns = contextColumns(contextOf(record));
    expect(columns).toHaveLength(CONTEXT_COLUMN_NAMES.length);
    const byColumn = Object.fromEntries(CONTEXT_COLUMN_NAMES.map((c, k) => [c, columns[k]]));
    expect(byColumn.due_at).toEqual(record.dueAt);
    expect(byColumn.pending_extension).toBe(JSON.stringify(record.pendingExtension));
    expect(byColumn.lead_unit_id).toBe(record.leadUnitId);
    expect(byColumn.first_submitted_at).toBeNull();
    expect(contextRecord(contextOf(record)).pending_extension).toEqual(record.pendingExtension);
    expect(CONTEXT_COLUMN_NAMES).not.toContain('source');
  });

  it('selects every stored field under its own name', () => {
    for (const field of Object.keys(ISSUE_SHAPE))
      expect(ISSUE_COLUMNS).toMatch(new RegExp(`(i\\.${field}\\b|"${field}")`));
    expect(ISSUE_COLUMNS).toContain('i.due_at_submission AS "dueAtSubmission"');
  });
});
