import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Upload } from '../http/upload.js';
import { EVIDENCE_STORE } from './evidence.constants.js';
import type { EvidenceStore } from './evidence-store.js';

/** Spools the multipart field "file" (hashed as it is written) once the guard has let the caller through. */
@Injectable()
export class EvidenceUploadInterceptor implements NestInterceptor {
  private readonly upload: Upload;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(EVIDENCE_STORE) store: EvidenceStore) {
    this.upload = new Upload('file', {
      storage: store.spool(),
      // multer stops reading past fileSize (413); one file, a note and little else.
      limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 5, fieldSize: 8 * 1024 },
      // Browsers and curl send non-ASCII file names (现场照片.jpg) as raw UTF-8.
      defParamCharset: 'utf8',
    });
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await this.upload.receive(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    return next.handle();
  }
}
