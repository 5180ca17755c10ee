import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { ROOT_LOGGER } from './root-logger.js';

const CLIENT_ID = /^[A-Za-z0-9_.:\-]{1,64}$/;

/** One log line per request with its id (taken from X-Request-Id when sane, else new) and its duration. */
@Injectable()
export class RequestLoggingMiddleware implements NestMiddleware {
  private readonly http: HttpLogger;

  constructor(@Inject(ROOT_LOGGER) logger: Logger) {
    this.http = pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Only what is needed to follow a request: no headers, no body, no query values.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.http(req, res, next);
  }
}
