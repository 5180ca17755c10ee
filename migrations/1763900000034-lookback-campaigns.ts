import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addNotificationRules, dropNotificationRules } from './notification-rules.js';

// Look-back campaigns (回头看): the office hands a set of closed problems back to their lead units with a due date; each
// unit reports its self-check on each problem (自查), and the office concludes each one with a `revisit` event (ok, or
// rebound) through the transition path, the item's conclusion written in that event's transaction. A problem is in at
// most one campaign item still open (neither concluded nor withdrawn). Units are told by a LOOKBACK_ASSIGNED
// notification per campaign, which names the campaign (notifications.lookback_campaign_id): one per unit and campaign,
// not per problem.
const ADDED = 'LOOKBACK_ASSIGNED';
const ZERO = `'00000000-0000-0000-0000-000000000000'`;
export class LookbackCampaigns1763900000034 implements MigrationInterface {
  name = 'LookbackCampaigns1763900000034';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lookback_campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        -- the selection it was started with (LookbackSelectionInput), as given
        selection jsonb NOT NULL,
        -- when the units' self-check reports are due
        due_at timestamptz NOT NULL,
        started_at timestamptz NOT NULL,
        started_by text NOT NULL,
        -- ended by the office before every item was concluded: the rest are withdrawn
        ended_at timestamptz,
        end_reason text
      )`);
    await q.query(`CREATE INDEX lookback_campaigns_started_idx ON lookback_campaigns (started_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE lookback_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the campaign's order: problems by code, as selected
        seq bigint GENERATED ALWAYS AS IDENTITY,
        campaign_id uuid NOT NULL REFERENCES lookback_campaigns(id),
        issue_id uuid NOT NULL REFERENCES issues(id),
        -- the problem's lead unit when the campaign started: whose self-check it is
        unit_id uuid NOT NULL REFERENCES units(id),
        -- the unit's self-check report (自查报告)
        reported_at timestamptz,
        reported_by text,
        report_finding text CHECK (report_finding IN ('HOLDING', 'REBOUNDED')),
        report_comment text,
        -- the office's conclusion: the revisit event (seq in the problem's log) that carried it
        concluded_at timestamptz,
        concluded_by text,
        rebounded boolean,
        event_seq int,
        withdrawn_at timestamptz,
        UNIQUE (campaign_id, issue_id),
        CHECK ((reported_at IS NULL) = (report_finding IS NULL)),
        CHECK ((concluded_at IS NULL) = (rebounded IS NULL) AND (concluded_at IS NULL) = (event_seq IS NULL)),
        FOREIGN KEY (issue_id, event_seq) REFERENCES issue_events (issue_id, seq)
      )`);
    await q.query(`CREATE INDEX lookback_items_campaign_idx ON lookback_items (campaign_id, seq)`);
    await q.query(`CREATE INDEX lookback_items_unit_idx ON lookback_items (unit_id, campaign_id, seq)`);
    // A problem is looked back at by one campaign at a time.
    await q.query(
      `CREATE UNIQUE INDEX lookback_items_open_idx ON lookback_items (issue_id)
        WHERE concluded_at IS NULL AND withdrawn_at IS NULL`,
    );

    await addNotificationRules(q, [ADDED]);
    await q.query(`ALTER TABLE notifications ADD COLUMN lookback_campaign_id uuid REFERENCES lookback_campaigns(id)`);
    // One a day per rule, unit and problem — and campaign: two campaigns started on one day are told apart.
    await q.query(`DROP INDEX notifications_once_a_day_idx`);
    await q.query(`
      CREATE UNIQUE INDEX notifications_once_a_day_idx ON notifications
        (trigger, COALESCE(unit_id, ${ZERO}), COALESCE(issue_id, ${ZERO}), day, COALESCE(lookback_campaign_id, ${ZERO}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropNotificationRules(q, [ADDED]);
    await q.query(`DROP INDEX notifications_once_a_day_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN lookback_campaign_id`);
    await q.query(`
      CREATE UNIQUE INDEX notifications_once_a_day_idx ON notifications
        (trigger, COALESCE(unit_id, ${ZERO}), COALESCE(issue_id, ${ZERO}), day)`);
    await q.query(`DROP TABLE lookback_items, lookback_campaigns`);
  }
}
