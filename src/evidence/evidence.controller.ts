// Evidence in (POST /issues/:id/evidence, multipart field "file") and out (GET /evidence/:id), with the bearer token.
import {
  Body,
  type CanActivate,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  Get,
  Headers,
  HttpCode,
  Injectable,
  Param,
  Post,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { badInput, unauthenticated } from '../common/domain-error.js';
import { evidenceUrl } from './evidence.model.js';
import type { EvidenceRecord } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import type { SpooledFile } from './evidence-store.js';
import { EvidenceUploadInterceptor } from './evidence-upload.interceptor.js';
import { SpoolCleanupInterceptor } from './spool-cleanup.interceptor.js';

const uploaders = new WeakMap<FastifyRequest, Caller>();

/** A guard, so that the caller and the problem are checked before the interceptor reads (and stores) the file. */
@Injectable()
export class EvidenceUploadGuard implements CanActivate {
  constructor(private readonly evidence: EvidenceService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest<{ Params: { id: string } }>>();
    uploaders.set(req, await this.evidence.uploader(req.headers.authorization, String(req.params.id)));
    return true;
  }
}

const Uploader = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = uploaders.get(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!caller) throw unauthenticated();
  return caller;
});

/** What the upload replies: the record without its storage details. */
export function evidenceJson(e: EvidenceRecord) {
  return {
    id: e.id,
    issueId: e.issueId,
    fileName: e.fileName,
    mediaType: e.mediaType,
    sizeBytes: e.sizeBytes,
    sha256: e.sha256,
    public: e.public,
    eventSeq: e.eventSeq,
    uploadedBy: e.uploadedBy,
    note: e.note,
    at: e.at,
    url: evidenceUrl(e.id),
  };
}

@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('issues/:id/evidence')
  @HttpCode(201)
  @UseGuards(EvidenceUploadGuard)
  // EvidenceUploadInterceptor spools the file; SpoolCleanupInterceptor, inside it, removes the spooled copy whatever
  // follows.
  @UseInterceptors(EvidenceUploadInterceptor, SpoolCleanupInterceptor)
  async upload(
    @Uploader() caller: Caller,
    @Param('id') issueId: string,
    @UploadedFile() file: SpooledFile | undefined,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<ReturnType<typeof evidenceJson>> {
    if (!file) throw badInput(['file'], '请以 multipart 表单字段 "file" 发送文件', 'REQUIRED');
    return evidenceJson(await this.evidence.upload(caller, issueId, file, body?.note));
  }

  @Get('evidence/:id')
  async download(
    @Param('id') id: string,
    @Headers('authorization') authorization: string | undefined,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const { record, stream } = await this.evidence.download(id, authorization);
    // Fastify pipes the file, and ends the connection should reading it fail midway.
    res
      .code(200)
      .type(record.mediaType)
      .header('Content-Length', String(record.sizeBytes))
      .header('Content-Disposition', contentDisposition(record))
      // The type was proven at upload: the browser must not guess another, nor run anything it finds.
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .send(stream);
  }
}

/** Images show inline, documents download; the name as an ASCII fallback plus its UTF-8 form (RFC 6266). */
function contentDisposition(e: EvidenceRecord): string {
  const kind = e.mediaType === 'application/pdf' ? 'attachment' : 'inline';
  const ascii = e.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const utf8 = encodeURIComponent(e.fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
