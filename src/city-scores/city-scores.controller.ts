import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { HttpCaller, HttpCallerGuard } from '../auth/http-caller.guard.js';
import { badInput } from '../common/domain-error.js';
import { parsePeriod } from '../eco/eco-period.js';
import { bulletinTitleOf, DistrictScoresExportService } from './district-scores-export.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The city's ranking of districts as its bulletin, with the same bearer token as the API. */
@Controller('reports')
@Allowed('exportFigures')
@UseGuards(HttpCallerGuard)
export class CityScoresController {
  constructor(private readonly exports: DistrictScoresExportService) {}

  @Get('district-scores.xlsx')
  async xlsx(@HttpCaller() caller: Caller, @Query('period') period: unknown, @Res() res: FastifyReply) {
    const p = typeof period === 'string' ? parsePeriod(period) : null;
    if (!p || p.kind === 'MONTH')
      throw badInput(['period'], "period must be a quarter or a year, like '2026-Q3' or '2026'");
    const data = await this.exports.build(p.key, caller);
    const chinese = `${bulletinTitleOf(p)}.xlsx`;
    res
      .code(200)
      .type(XLSX)
      .header(
        'Content-Disposition',
        `attachment; filename="district-scores-${p.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(chinese)}`,
      )
      .send(await this.exports.xlsx(data));
  }
}
