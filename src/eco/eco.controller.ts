import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { HttpCaller, HttpCallerGuard } from '../auth/http-caller.guard.js';
import { badInput } from '../common/domain-error.js';
import { parsePeriod } from './eco-period.js';
import { EcoExportService } from './eco-export.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The eco-report as a spreadsheet, with the same bearer token as the API; a unit gets its own rows and score. */
@Controller('reports')
@Allowed('exportFigures')
@UseGuards(HttpCallerGuard)
export class EcoController {
  constructor(private readonly exports: EcoExportService) {}

  @Get('eco.xlsx')
  async xlsx(@HttpCaller() caller: Caller, @Query('period') period: string | undefined, @Res() res: FastifyReply) {
    const p = typeof period === 'string' ? parsePeriod(period) : null;
    if (!p) throw badInput(['period'], "period must be like '2026', '2026-Q3' or '2026-09'");
    const data = await this.exports.build(p.key, caller);
    res
      .code(200)
      .type(XLSX)
      .header('Content-Disposition', `attachment; filename="eco-${p.key}.xlsx"`)
      .send(await this.exports.xlsx(data));
  }
}
