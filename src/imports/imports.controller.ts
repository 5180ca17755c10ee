import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  type NestInterceptor,
  Post,
  Query,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { HttpCaller, HttpCallerGuard } from '../auth/http-caller.guard.js';
import { badInput } from '../common/domain-error.js';
import { Upload } from '../http/upload.js';
import { ImportService, type ImportReport } from './import.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Larger than any real list (5,000 rows of xlsx is about 1 MB); multer stops reading past it (413). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** What multer's memory storage hands over; only the bytes matter, never the name or the claimed type. */
interface UploadedList {
  buffer: Buffer;
  size: number;
}

/** Reads the multipart field "file" into memory once the guard has let the caller through. */
@Injectable()
export class ImportUploadInterceptor implements NestInterceptor {
  private readonly upload = new Upload('file', {
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 },
  });

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await this.upload.receive(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    return next.handle();
  }
}

/** Handover lists in (POST /imports, OFFICE only) and the blank template out. */
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @HttpCode(200)
  @Allowed('importHandovers')
  @UseGuards(HttpCallerGuard)
  @UseInterceptors(ImportUploadInterceptor)
  importList(
    @HttpCaller() caller: Caller,
    @UploadedFile() file: UploadedList | undefined,
    @Query('dryRun') dryRun: string | undefined,
  ): Promise<ImportReport> {
    if (!file) throw badInput(['file'], 'Send the list as the multipart form field "file"');
    return this.imports.importList(file.buffer, caller, { dryRun: flag(dryRun) });
  }

  @Get('template.xlsx')
  async template(@Res() res: FastifyReply): Promise<void> {
    res
      .code(200)
      .type(XLSX)
      .header(
        'Content-Disposition',
        `attachment; filename="handover-template.xlsx"; filename*=UTF-8''${encodeURIComponent('交办清单模板.xlsx')}`,
      )
      .send(await this.imports.template());
  }
}

function flag(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw badInput(['dryRun'], 'dryRun must be true or false');
}
