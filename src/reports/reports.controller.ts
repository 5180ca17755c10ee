import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ISSUE_SOURCES, type IssueSource } from '../../workflows/issue.types.js';
import { Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { HttpCaller, HttpCallerGuard } from '../auth/http-caller.guard.js';
import { badInput } from '../common/domain-error.js';
import { isCalendarDay } from '../common/scalars.js';
import { bulletinDisposition, WeeklyExportService } from './weekly-export.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Spreadsheet downloads of the weekly table, with the same bearer token as the API. */
@Controller('reports')
@Allowed('exportFigures')
@UseGuards(HttpCallerGuard)
export class ReportsController {
  constructor(private readonly exports: WeeklyExportService) {}

  @Get('weekly.xlsx')
  async xlsx(@HttpCaller() caller: Caller, @Query() q: Record<string, unknown>, @Res() res: FastifyReply) {
    const data = await this.load(caller, q);
    res
      .code(200)
      .type(XLSX)
      .header('Content-Disposition', bulletinDisposition(data, 'xlsx'))
      .send(await this.exports.xlsx(data));
  }

  @Get('weekly.csv')
  async csv(@HttpCaller() caller: Caller, @Query() q: Record<string, unknown>, @Res() res: FastifyReply) {
    const data = await this.load(caller, q);
    res
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', bulletinDisposition(data, 'csv'))
      .send(this.exports.csv(data));
  }

  /** Query parameters come as the client sent them: a repeated one is a list, and is refused like any other bad value. */
  private async load(caller: Caller, q: Record<string, unknown>) {
    const weekOf = q.weekOf;
    if (!isCalendarDay(weekOf)) throw badInput(['weekOf'], 'weekOf must be a day YYYY-MM-DD');
    if (q.sources !== undefined && typeof q.sources !== 'string') throw badInput(['sources']);
    const sources = q.sources ? q.sources.split(',') : null;
    if (sources && !sources.every((s) => (ISSUE_SOURCES as readonly string[]).includes(s))) throw badInput(['sources']);
    return this.exports.build(weekOf, sources as IssueSource[] | null, caller);
  }
}
