// One place where every error becomes what a client may see.
import { type ArgumentsHost, Catch, HttpException, Inject, Logger } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError, HTTP_STATUS } from '../common/domain-error.js';
import { isDatabaseDown } from '../database/database-errors.js';

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

@Catch()
export class ErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    const { code, message, extensions, status } = this.describe(exception);
    if (host.getType<string>() === 'graphql') {
      return new GraphQLError(message, { extensions: { code, ...extensions } });
    }
    const res = host.switchToHttp().getResponse<Response>();
    res.status(status).json({ error: { code, message, ...extensions } });
  }

  private describe(e: unknown): { code: string; message: string; extensions: Record<string, unknown>; status: number } {
    if (e instanceof DomainError) return { code: e.code, message: e.message, extensions: e.extensions, status: HTTP_STATUS[e.code] };
    if (e instanceof GraphQLError) {
      return { code: String(e.extensions.code ?? 'BAD_USER_INPUT'), message: e.message, extensions: {}, status: 400 };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const code = HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
      return { code, message: status >= 500 ? 'Internal server error' : e.message, extensions: {}, status };
    }
    if (isDatabaseDown(e)) {
      this.logger.warn(`database unavailable: ${(e as Error).message}`);
      return { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', extensions: {}, status: 503 };
    }
    this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    const detail = this.config.isDevelopment && e instanceof Error ? e.message : 'Internal server error';
    return { code: 'INTERNAL_SERVER_ERROR', message: detail, extensions: {}, status: 500 };
  }
}
