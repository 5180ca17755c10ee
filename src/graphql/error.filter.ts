// Errors thrown by REST handlers and GraphQL's top-level resolvers; nested field resolvers' reach formatError. REST answers
// in GraphQL's shape ({ errors: [{ message, extensions: { code, … } }] }) with the status of the code (README, Errors).
import { type ArgumentsHost, Catch, Inject, Logger } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { describeError } from './error-description.js';

@Catch()
export class ErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    const { code, message, extensions, status, unexpected } = describeError(exception);
    const detail = unexpected && this.config.isDevelopment && exception instanceof Error ? exception.message : message;
    if (host.getType<string>() === 'graphql') {
      // The original travels on, so the request's error plugin logs it with the request id.
      return new GraphQLError(detail, {
        extensions: { code, ...extensions },
        originalError: exception instanceof Error ? exception : undefined,
      });
    }
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    if (unexpected)
      this.logger.error(
        `request ${String(req.id)}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (status === 429) res.header('Retry-After', String(extensions.retryAfterSeconds ?? 1));
    // The same shape as GraphQL's errors, so that a client reads one kind of error from every endpoint.
    res.code(status).send({ errors: [{ message: detail, extensions: { code, ...extensions } }] });
  }
}
