import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, type Observable, throwError } from 'rxjs';
import { EVIDENCE_STORE } from './evidence.constants.js';
import type { EvidenceStore, SpooledFile } from './evidence-store.js';

/**
 * Inside EvidenceUploadInterceptor: whatever follows the spooling — a refusal by a pipe (a note PostgreSQL cannot store), by the
 * checks, a failed insert, or success — the temp file is gone before the reply. A stored upload has been moved out of
 * the spool, so removing it then finds nothing.
 */
@Injectable()
export class SpoolCleanupInterceptor implements NestInterceptor {
  constructor(@Inject(EVIDENCE_STORE) private readonly store: EvidenceStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { file?: SpooledFile }>();
    const discard = async (): Promise<void> => {
      if (req.file) await this.store.discard(req.file.path);
    };
    return next.handle().pipe(
      concatMap((reply) => from(discard().then(() => reply))),
      // A failed removal must not replace why the request failed.
      catchError((e: unknown) => from(discard().catch(() => undefined)).pipe(concatMap(() => throwError(() => e)))),
    );
  }
}
