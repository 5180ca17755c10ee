// The log as it is written, for live subscribers of this instance. While anyone listens, it reads the log rows of the
// transactions that finished since its last read (a position of its own, kept in memory: every instance serves its
// own subscribers every row) and emits them in commit order. A row that commits late is read late, never skipped.
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter, on } from 'node:events';
import { DataSource } from 'typeorm';
import { EVENT_COLUMNS, type IssueEventRecord } from '../issues/issue.record.js';
import { LOG_HORIZON_SQL } from '../issues/log-range.js';
import { runInScope } from '../limits/request-scope.js';
import { CITY_WIDE } from '../tenancy/district-scope.js';

/**
 * A log row, with who may see it: the lead after it, the cooperating units and the supervising department now, and
 * those who held it until it.
 */
export interface FeedEvent extends IssueEventRecord {
  /** The problem's district: a district's subscriber is sent its own district's rows only. */
  districtId: string;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  supervisingUnitId: string | null;
  formerHolderIds: string[];
}

/** How often the log is read while anyone listens. */
const POLL_MS = 200;

@Injectable()
export class IssueEventsFeed implements OnApplicationShutdown {
  private readonly logger = new Logger('IssueEventsFeed');
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private position: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading = false;

  constructor(private readonly db: DataSource) {}

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The rows from now on that `visible` lets through, until the iterator is returned. */
  async listen(visible: (e: FeedEvent) => boolean): Promise<AsyncIterableIterator<FeedEvent>> {
    await this.start();
    const stop = new AbortController();
    const rows = on(this.emitter, 'row', { signal: stop.signal }) as AsyncIterableIterator<[FeedEvent]>;
    const iterator: AsyncIterableIterator<FeedEvent> = {
      next: async () => {
        try {
          for (;;) {
            const r = await rows.next();
            if (r.done) return { done: true, value: undefined };
            if (visible(r.value[0])) return { done: false, value: r.value[0] };
          }
        } catch (e) {
          if (stop.signal.aborted) return { done: true, value: undefined };
          throw e;
        }
      },
      return: async () => {
        stop.abort();
        if (this.emitter.listenerCount('row') === 0) this.onApplicationShutdown();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async start(): Promise<void> {
    if (this.timer) return;
    if (this.position === null || this.emitter.listenerCount('row') === 0) {
      const [{ at }] = (await this.db.query(`SELECT ${LOG_HORIZON_SQL}::text AS at`)) as {
        at: string;
      }[];
      this.position = at;
    }
    this.timer = setInterval(() => void this.read(), POLL_MS);
    this.timer.unref();
  }

  private async read(): Promise<void> {
    if (this.reading || this.position === null) return;
    this.reading = true;
    try {
      // Every district's rows (city-wide), each subscriber filtered to its own district and units.
      await runInScope({ callerKey: null, kind: 'background', connections: null, district: CITY_WIDE }, async () => {
        const [rows, below] = await this.db.transaction('REPEATABLE READ', async (m) => {
          const [{ hi }] = (await m.query(`SELECT ${LOG_HORIZON_SQL}::text AS hi`)) as {
            hi: string;
          }[];
          const found = (await m.query(
            `SELECT ${EVENT_COLUMNS}, e.district_id AS "districtId", e.lead_unit_id AS "leadUnitId", i.cooperating_unit_ids AS "cooperatingUnitIds",
                    i.supervising_unit_id AS "supervisingUnitId",
                    ARRAY(SELECT f.unit_id FROM issue_former_holders f
                           WHERE f.issue_id = e.issue_id AND f.district_id = e.district_id AND e.seq <= f.until_seq) AS "formerHolderIds"
               FROM issue_events e JOIN issues i ON i.id = e.issue_id AND i.district_id = e.district_id
              WHERE e.tx >= $1::xid8 AND e.tx < $2::xid8
              ORDER BY e.tx, e.issue_id, e.seq`,
            [this.position, hi],
          )) as FeedEvent[];
          return [found, hi] as const;
        });
        this.position = below;
        for (const row of rows) this.emitter.emit('row', row);
      });
    } catch (e) {
      this.logger.warn(`reading the log for subscribers failed: ${(e as Error).message}`);
    } finally {
      this.reading = false;
    }
  }
}
