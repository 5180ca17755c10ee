import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { messageOf, newSecret, nextAttempt, signedHeaders } from './webhook-message.js';
import { addressAllowed, urlProblem } from './webhook-target.js';
import type { DueDelivery } from './webhooks.repository.js';

const due: DueDelivery = {
  id: '7c0f6a7e-3f1e-4a43-9a43-3c5bb3f6f0a1',
  attempts: 0,
  url: 'https://hooks.example.gov.cn/rectify',
  secret: newSecret(),
  issueId: 'b5c1f0a2-8d3e-4c55-a0e9-2f7b7d3e9c10',
  code: 'ZY-2026-00060',
  seq: 3,
  type: 'escalate',
  fromState: 'RECTIFYING.inProgress',
  toState: 'RECTIFYING.inProgress',
  leadUnitId: null,
  dueAt: new Date('2026-12-31T15:59:59.999Z'),
  at: new Date('2027-01-02T01:00:00.000Z'),
};

describe('a webhook message', () => {
  it('says the event and the problem’s facts after it', () => {
    expect(JSON.parse(messageOf(due))).toEqual({
      type: 'issue.escalate',
      timestamp: '2027-01-02T01:00:00.000Z',
      data: {
        issueId: due.issueId,
        code: 'ZY-2026-00060',
        seq: 3,
        fromState: 'RECTIFYING.inProgress',
        toState: 'RECTIFYING.inProgress',
        state: 'RECTIFYING',
        substate: 'RECTIFYING.inProgress',
        leadUnitId: null,
        dueAt: '2026-12-31T15:59:59.999Z',
        at: '2027-01-02T01:00:00.000Z',
      },
    });
  });

  it('is signed as Standard Webhooks verifies it, and not with another secret', () => {
    const body = messageOf(due);
    const headers = signedHeaders(due.id, due.secret, body, new Date());
    expect(headers['webhook-id']).toBe(due.id);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(due.secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(due.secret).verify(body.replace('escalate', 'close'), headers)).toThrow();
  });

  it('is retried on the specification’s schedule for over 24 hours, then given up', () => {
    const at = new Date('2026-12-06T00:00:00Z');
    const waits = Array.from({ length: 8 }, (_, k) => nextAttempt(k + 1, at)?.getTime() ?? null).map((t) =>
      t === null ? null : (t - at.getTime()) / 1000,
    );
    expect(waits).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 36_000, null]);
    expect(waits.reduce<number>((a, w) => a + (w ?? 0), 0)).toBeGreaterThan(24 * 3600);
  });
});

describe('a webhook target', () => {
  it('is a public address by default, and only a listed network when networks are listed', () => {
    expect(addressAllowed('203.0.113.9', null)).toBe(false); // documentation range: reserved
    expect(addressAllowed('114.114.114.114', null)).toBe(true);
    for (const a of ['10.1.2.3', '192.168.1.1', '127.0.0.1', '::1', '169.254.169.254', '::ffff:10.0.0.1', 'fd00::1'])
      expect({ a, ok: addressAllowed(a, null) }).toEqual({ a, ok: false });
    expect(addressAllowed('10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(addressAllowed('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(addressAllowed('114.114.114.114', ['10.0.0.0/8'])).toBe(false);
    expect(addressAllowed('127.0.0.1', ['10.0.0.0/8', '127.0.0.0/8'])).toBe(true);
    expect(addressAllowed('not-an-address', ['0.0.0.0/0'])).toBe(false);
  });

  it('is http or https, with a host and no credentials', () => {
    expect(urlProblem('https://hooks.example.gov.cn/rectify')).toBeNull();
    expect(urlProblem('http://10.0.0.8:8080/x')).toBeNull();
    for (const u of ['ftp://example.com/', 'https://a:b@example.com/', 'example.com', ''])
      expect({ u, refused: urlProblem(u) !== null }).toEqual({ u, refused: true });
  });
});
