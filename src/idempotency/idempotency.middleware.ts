// Idempotency-Key on GraphQL mutations: a retry with the same key (same token) gets the first reply and changes
// nothing; the same key with another request is refused. The key is claimed before the mutation runs, so a crash
// between the commit and storing the reply leaves the key claimed — the retry is told to wait, never run twice.
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { parse, type DocumentNode } from 'graphql';
import { hashToken } from '../auth/token-hash.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const KEY = /^[A-Za-z0-9_.:\-]{1,128}$/;
const WAIT_MS = 5000;

interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

function isMutation(body: GraphqlBody): boolean {
  if (typeof body.query !== 'string') return false;
  let doc: DocumentNode;
  try {
    doc = parse(body.query);
  } catch {
    return false; // Apollo answers the syntax error itself
  }
  return doc.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation');
}

function errorReply(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }], data: null });
}

@Injectable()
export class IdempotencyMiddleware implements NestMiddleware {
  constructor(private readonly keys: IdempotencyRepository) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const key = req.header('idempotency-key');
    const auth = req.header('authorization');
    const body = (req.body ?? {}) as GraphqlBody;
    if (!key || req.method !== 'POST' || !auth || !isMutation(body)) return next();
    if (!KEY.test(key)) return errorReply(res, 400, 'BAD_USER_INPUT', 'Idempotency-Key must be 1–128 letters, digits or ._:-', { fields: ['Idempotency-Key'] });

    const tokenHash = hashToken(auth.replace(/^Bearer\s+/i, '').trim());
    const requestHash = createHash('sha256')
      .update(JSON.stringify([body.query, body.variables ?? null, body.operationName ?? null]))
      .digest('hex');

    if (await this.keys.claim(tokenHash, key, requestHash)) {
      this.capture(res, (status, reply) => {
        const stored = status < 500 ? this.keys.complete(tokenHash, key, status, reply) : this.keys.release(tokenHash, key);
        stored.catch(() => undefined);
      });
      return next();
    }
    for (const deadline = Date.now() + WAIT_MS; ; ) {
      const found = await this.keys.find(tokenHash, key);
      if (found && found.requestHash !== requestHash) {
        return errorReply(res, 400, 'BAD_USER_INPUT', 'This Idempotency-Key was used for a different request', { fields: ['Idempotency-Key'] });
      }
      if (found?.reply != null) {
        res.status(found.statusCode ?? 200).setHeader('Idempotent-Replayed', 'true').type('application/json').send(found.reply);
        return;
      }
      if (!found) return this.use(req, res, next); // released in the meantime: run it now
      if (Date.now() > deadline) {
        return errorReply(res, 409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry later');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Collects what the response writes, and hands it over once sent. */
  private capture(res: Response, done: (status: number, reply: string) => void): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk, rest[0]);
      return (end as (...a: unknown[]) => Response)(chunk, ...rest);
    }) as Response['end'];
    res.once('finish', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8')));
  }
}
