// A row's road-to-销号 figures, read only when a client asks for them: one statement for the whole table.
import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ClosureRow } from './closure-report.service.js';
import { ClosurePartFiguresModel, ClosureRowModel, ClosureStageFiguresModel } from './closure-report.model.js';
import { CLOSURE_STAGES, type PartFiguresRow, type StageFiguresRow } from './closure-stages.query.js';

@Resolver(() => ClosureRowModel)
export class ClosureRowResolver {
  @ResolveField(() => Int, {
    nullable: true,
    description:
      '未按序时推进: problems rectifying whose plan (整改方案) has a milestone past its date and not done; for the ' +
      'current moment only (null for an earlier one, and in a COOPERATING table)',
  })
  async behindSchedule(@Parent() row: ClosureRow): Promise<number | null> {
    const counts = row.behindScheduleCounts ? await row.behindScheduleCounts() : null;
    if (counts === null) return null;
    const unitId = row.unit?.id ?? null;
    return counts.find((c) => c.unitId === unitId)?.n ?? 0;
  }

  @ResolveField(() => ClosurePartFiguresModel, {
    nullable: true,
    description:
      '配合单位分工, in a COOPERATING table for the current moment (null otherwise): the unit’s parts still to do, those ' +
      'done in the period and the median days they took from the assignment that gave them',
  })
  async parts(@Parent() row: ClosureRow): Promise<Omit<PartFiguresRow, 'unitId'> | null> {
    const all = row.partFigures ? await row.partFigures() : null;
    if (all === null) return null;
    const unitId = row.unit?.id ?? null;
    return all.find((r) => r.unitId === unitId) ?? { pending: 0, done: 0, medianDays: null };
  }

  @ResolveField(() => [ClosureStageFiguresModel], {
    description:
      'The road to 销号 (签批链): per stage, in its order, the problems waiting there as of the table’s moment and the ' +
      'median days of the stage visits that ended in the period; the lead unit’s (zero in a COOPERATING table)',
  })
  async stages(@Parent() row: ClosureRow): Promise<Omit<StageFiguresRow, 'unitId'>[]> {
    const unitId = row.unit?.id ?? null;
    const mine = (row.stageFigures ? await row.stageFigures() : []).filter((r) => r.unitId === unitId);
    return CLOSURE_STAGES.map(
      (stage) => mine.find((r) => r.stage === stage) ?? { stage, waiting: 0, completed: 0, medianDays: null },
    );
  }
}
