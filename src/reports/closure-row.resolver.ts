// A row's road-to-销号 figures, read only when a client asks for them: one statement for the whole table.
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ClosureRow } from './closure-report.service.js';
import { ClosureRowModel, ClosureStageFiguresModel } from './closure-report.model.js';
import { CLOSURE_STAGES, type StageFiguresRow } from './closure-stages.query.js';

@Resolver(() => ClosureRowModel)
export class ClosureRowResolver {
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
