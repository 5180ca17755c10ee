// A multipart upload, read by multer from the request's stream after the guards let it through, with the same limits
// and refusals as on Express (413 past fileSize, 400 for a malformed form or one past its other limits). Fastify leaves
// the body unread for it (src/http/http-adapter.ts); the file and the text fields land on the request, where
// @UploadedFile() and @Body() find them.
import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multer, { type MulterLimits, type MulterOptions, type StorageEngine } from 'multer';
import { finished } from 'node:stream';

/** What Nest's FileInterceptor added to multer's defaults, kept: bounded field names and parts. */
const DEFAULT_LIMITS: MulterLimits = { fieldNestingDepth: 32, fieldArrayIndexLimit: 1000, parts: 1000 };

/** multer's errors, by code, as the client is told (platform-express's mapping). */
const BAD_FORM_CODES = new Set([
  'LIMIT_PART_COUNT',
  'LIMIT_FILE_COUNT',
  'LIMIT_FIELD_KEY',
  'LIMIT_FIELD_VALUE',
  'LIMIT_FIELD_COUNT',
  'LIMIT_UNEXPECTED_FILE',
  'MISSING_FIELD_NAME',
  'LIMIT_FIELD_NESTING',
  'LIMIT_FIELD_ARRAY_INDEX',
  'INVALID_FIELD_NAME',
]);
const BUSBOY_MESSAGES = ['Malformed part header', 'Unexpected end of form', 'Unexpected end of file'];

export interface UploadedRequest {
  file?: unknown;
  body?: unknown;
}

export class Upload {
  private readonly read: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(field: string, options: { storage?: StorageEngine; limits: MulterLimits; defParamCharset?: string }) {
    const settings: MulterOptions = { ...options, limits: { ...DEFAULT_LIMITS, ...options.limits } };
    this.read = multer(settings).single(field);
  }

  /**
   * Reads the form. Should the reply go out while the body is still arriving (it never waits for it), the request is
   * destroyed: multer then stops and removes what it stored.
   */
  async receive(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const raw = req.raw as FastifyRequest['raw'] & UploadedRequest;
    let receiving = true;
    const stop = finished(reply.raw, () => {
      if (receiving && !raw.complete) raw.destroy();
    });
    try {
      await new Promise<void>((resolve, reject) =>
        this.read(raw, reply.raw, (e) => (e ? reject(refusalOf(e)) : resolve())),
      );
    } finally {
      receiving = false;
      stop();
    }
    const target = req as FastifyRequest & UploadedRequest;
    if (raw.file !== undefined) target.file = raw.file;
    if (req.body === undefined && raw.body !== undefined) target.body = raw.body;
  }
}

function refusalOf(e: unknown): unknown {
  if (!(e instanceof Error) || e instanceof HttpException) return e;
  const { code, field } = e as Error & { code?: unknown; field?: unknown };
  const options = { cause: e };
  if (code === 'LIMIT_FILE_SIZE') return new PayloadTooLargeException(e.message, options);
  if (typeof code === 'string' && BAD_FORM_CODES.has(code))
    return new BadRequestException(typeof field === 'string' ? `${e.message} - ${field}` : e.message, options);
  if (e.message === 'Multipart: Boundary not found') return new BadRequestException(e.message, options);
  if (BUSBOY_MESSAGES.includes(e.message)) return new BadRequestException(`Multipart: ${e.message}`, options);
  // multer takes any multipart/* request, busboy parses multipart/form-data only
  if (e.message.startsWith('Unsupported content type'))
    return new UnsupportedMediaTypeException('Unsupported content type', options);
  return e;
}
