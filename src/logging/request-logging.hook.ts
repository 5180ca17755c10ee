import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from './root-logger.js';

const CLIENT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A request's id (Fastify's `genReqId`, so it is `request.id`): its X-Request-Id when sane, else new. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
}

/**
 * One log line per request with its id (taken from X-Request-Id when sane, else new) and its duration, in pino-http's
 * shape (`req`, `res`, `responseTime`). Written here rather than with pino-http, which made a child logger and ran its
 * serializers on every request: measured with the bench's transitions run (`node dist/bench/transitions.bench.js
 * --quick`, one run each way, same data), the service's empty queries per CPU-second rose by about 30% at 1 and at 16
 * clients; transitions moved within run-to-run noise. Fastify's `onRequest` hook, first of all: every request is
 * logged, refused ones and unknown routes included.
 */
@Injectable()
export class RequestLoggingHook {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  readonly onRequest = (req: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction): void => {
    const started = performance.now();
    const id = req.id;
    reply.header('X-Request-Id', id);
    const res = reply.raw;
    const done = (aborted: boolean) => {
      res.off('finish', onFinish);
      res.off('close', onClose);
      const statusCode = res.statusCode;
      // Only what is needed to follow a request: no headers, no body, no query values.
      const line = {
        req: { id, method: req.method, path: req.url.split('?')[0] },
        res: { statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (aborted) this.logger.warn(line, 'request aborted');
      else if (statusCode >= 500) this.logger.error(line, 'request errored');
      else if (statusCode >= 400) this.logger.warn(line, 'request completed');
      else this.logger.info(line, 'request completed');
    };
    const onFinish = () => done(false);
    const onClose = () => done(!res.writableFinished);
    res.once('finish', onFinish);
    res.once('close', onClose);
    next();
  };
}
