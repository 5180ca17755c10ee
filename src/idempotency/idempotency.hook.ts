// Idempotency-Key on GraphQL mutations: a retry with the same key (same token) gets the first reply and changes
// nothing; the same key with another request is refused. The key is claimed (after the request gate authenticated the
// token) before the mutation runs, so a crash between the commit and storing the reply leaves the key claimed — the
// retry is told to wait, never run twice. Only outcomes are kept: a reply that is not one (rate limited, the database
// away, a timeout, an internal error) gives the key back, so the retry runs. A Fastify `preHandler` on /graphql: the
// body is read by then, and it runs in the request's scope (the gate's `preHandler` comes first).
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { hashToken } from '../auth/token-hash.js';
import type { InputRefusalReason } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { callerOf } from '../limits/request-gate.hook.js';
import { IdempotencyRepository } from './idempotency.repository.js';

/** Codes that end a mutation with a result of its own: the same request would be refused the same way again. */
const OUTCOME_CODES = new Set(['BAD_USER_INPUT', 'INVALID_TRANSITION', 'VERSION_CONFLICT', 'NOT_FOUND', 'FORBIDDEN']);

/** Whether a reply is the mutation's outcome (kept for the key) rather than a failure to run it (the key given back). */
export function isOutcome(status: number, reply: string): boolean {
  if (status !== 200) return false;
  try {
    const body = JSON.parse(reply) as { errors?: { extensions?: { code?: unknown } }[] };
    return (body.errors ?? []).every((e) => OUTCOME_CODES.has(String(e.extensions?.code)));
  } catch {
    return false;
  }
}

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const WAIT_MS = 5000;

interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** The mutation the request runs, or null (not a mutation, or a document Apollo will refuse itself). */
function mutationOf(body: GraphqlBody, maxTokens: number): OperationDefinitionNode | null {
  if (typeof body.query !== 'string') return null;
  let doc: DocumentNode;
  try {
    doc = parse(body.query, { maxTokens });
  } catch {
    return null; // Apollo answers the syntax error itself
  }
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op =
    typeof body.operationName === 'string'
      ? ops.find((d) => d.name?.value === body.operationName)
      : ops.length === 1
        ? ops[0]
        : undefined;
  return op?.operation === 'mutation' ? op : null;
}

/** Refused before the operation runs: GraphQL's error shape with the status of the code (README, Errors). */
function errorReply(
  res: FastifyReply,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return res.code(status).send({ errors: [{ message, extensions: { code, ...extra } }], data: null });
}

/** BAD_USER_INPUT on the Idempotency-Key header, with its reason. */
function badKey(res: FastifyReply, reason: InputRefusalReason, message: string): FastifyReply {
  return errorReply(res, 400, 'BAD_USER_INPUT', message, {
    fields: ['Idempotency-Key'],
    reasons: [{ field: 'Idempotency-Key', reason, message }],
  });
}

@Injectable()
export class IdempotencyHook {
  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Answers a retry (the reply sent and returned, which ends Fastify's hooks) or lets the request run. */
  readonly preHandler = async (req: FastifyRequest, res: FastifyReply): Promise<FastifyReply | undefined> => {
    if (req.routeOptions.url !== '/graphql') return undefined;
    const key = req.headers['idempotency-key'];
    // Anonymous requests never claim a key: only a token the gate authenticated does.
    const caller = callerOf(req);
    if (typeof key !== 'string' || !key || req.method !== 'POST' || !caller) return undefined;
    return this.run(req, res, key);
  };

  private async run(req: FastifyRequest, res: FastifyReply, key: string): Promise<FastifyReply | undefined> {
    const body = (req.body ?? {}) as GraphqlBody;
    const mutation = mutationOf(body, this.config.maxTokens);
    if (!mutation) return undefined;
    if (!KEY.test(key)) return badKey(res, 'MALFORMED', 'Idempotency-Key 须为 1–128 个字母、数字或 ._:- 字符');
    // One key, one mutation: with several, a retry after a failure of the second would run the first again.
    if (mutation.selectionSet.selections.length !== 1) {
      return badKey(res, 'CONFLICTING', '一个 Idempotency-Key 只对应一个变更字段；其他变更请各用自己的 Key 发送');
    }

    const tokenHash = hashToken(req.headers.authorization!.replace(/^Bearer\s+/i, '').trim());
    const requestHash = createHash('sha256')
      .update(JSON.stringify([body.query, body.variables ?? null, body.operationName ?? null]))
      .digest('hex');

    if (await this.keys.claim(tokenHash, key, requestHash)) {
      this.capture(res.raw, (status, reply) => {
        const stored = isOutcome(status, reply)
          ? this.keys.complete(tokenHash, key, status, reply)
          : this.keys.release(tokenHash, key);
        stored.catch(() => undefined);
      });
      return undefined;
    }
    for (const deadline = Date.now() + WAIT_MS; ;) {
      const found = await this.keys.find(tokenHash, key);
      if (found && found.requestHash !== requestHash) {
        return badKey(res, 'TAKEN', '此 Idempotency-Key 已用于另一个请求');
      }
      if (found?.reply != null) {
        return res
          .code(found.statusCode ?? 200)
          .header('Idempotent-Replayed', 'true')
          .type('application/json; charset=utf-8')
          .send(found.reply);
      }
      if (!found) return this.run(req, res, key); // released in the meantime: run it now
      if (Date.now() > deadline) {
        return errorReply(res, 409, 'IDEMPOTENCY_KEY_IN_USE', '使用此 Idempotency-Key 的请求仍在处理中，请稍后重试', {
          retryable: true,
        });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Collects what the response writes, and hands it over once sent. */
  private capture(res: ServerResponse, done: (status: number, reply: string) => void): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk)
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(String(chunk), (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding),
        );
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk, rest[0]);
      return (end as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as ServerResponse['end'];
    res.once('finish', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8')));
  }
}
