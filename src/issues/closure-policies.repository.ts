// Closure policies (销号流程): per source, the steps of the sign-off chain besides the office's acceptance (which every
// chain has). A source the office has not set follows DEFAULT_CLOSURE_STEPS. The steps are read in the path of the event
// that enters them (a submission for the department's review, an acceptance for the rest), so a change applies to
// problems entering the chain afterwards.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SIGN_OFF_STEPS, type IssueSource, type SignOffStep } from '../../workflows/issue.types.js';

/**
 * The road each source takes when the office has set nothing (issue 25; seeds 001 and 002): central and municipal
 * inspections every step; undercover and special inspections the leaders' approval; complaints and self-inspection
 * the office's acceptance alone.
 */
export const DEFAULT_CLOSURE_STEPS: Record<IssueSource, readonly SignOffStep[]> = {
  CENTRAL_INSPECTION: SIGN_OFF_STEPS,
  MUNICIPAL_INSPECTION: SIGN_OFF_STEPS,
  UNDERCOVER_INSPECTION: ['LEADERSHIP_APPROVAL'],
  SPECIAL_INSPECTION: ['LEADERSHIP_APPROVAL'],
  PUBLIC_COMPLAINT: [],
  SELF_INSPECTION: [],
};

export interface ClosurePolicyRecord {
  source: IssueSource;
  steps: SignOffStep[];
  updatedAt: Date | null;
  updatedBy: string | null;
}

@Injectable()
export class ClosurePoliciesRepository {
  constructor(private readonly db: DataSource) {}

  async stepsFor(source: IssueSource, manager: EntityManager = this.db.manager): Promise<SignOffStep[]> {
    const rows: { steps: SignOffStep[] }[] = await manager.query(
      `SELECT steps FROM closure_policies WHERE source = $1`,
      [source],
    );
    return rows[0]?.steps ?? [...DEFAULT_CLOSURE_STEPS[source]];
  }

  async all(): Promise<Map<IssueSource, Omit<ClosurePolicyRecord, 'source'>>> {
    const rows: ClosurePolicyRecord[] = await this.db.query(
      `SELECT source, steps, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM closure_policies`,
    );
    return new Map(rows.map(({ source, ...rest }) => [source, rest]));
  }

  /** The steps in the chain's own order, each once. */
  async set(source: IssueSource, steps: readonly SignOffStep[], by: string, at: Date): Promise<void> {
    const ordered = SIGN_OFF_STEPS.filter((s) => steps.includes(s));
    await this.db.query(
      `INSERT INTO closure_policies (source, steps, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source, district_id) DO UPDATE SET steps = EXCLUDED.steps, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [source, ordered, at, by],
    );
  }
}
