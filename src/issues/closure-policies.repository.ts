// Closure policies (销号流程): per source, the sign-off steps after the office's acceptance. A source the office has
// not set closes right after acceptance. The steps are read in the acceptance's own statement path, so a change applies
// to problems accepted afterwards.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SIGN_OFF_STEPS, type IssueSource, type SignOffStep } from '../../workflows/issue.types.js';

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
    return rows[0]?.steps ?? [];
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
       ON CONFLICT (source) DO UPDATE SET steps = EXCLUDED.steps, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [source, ordered, at, by],
    );
  }
}
