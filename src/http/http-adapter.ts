// The HTTP platform: NestJS on Fastify (bench/platform-ab.ts: the bare framework answered ~1.9× the requests of Express
// at 4 and 16 clients on 2 cores). One place builds it, for the service, the tests and the command-line tools.
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/config.js';
import { requestId } from '../logging/request-logging.hook.js';

/** JSON bodies past this are refused (413) before they are parsed; uploads have limits of their own. */
export const MAX_JSON_BODY_BYTES = 100 * 1024;

export function createHttpAdapter(config: Pick<AppConfig, 'trustProxy'>): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_JSON_BODY_BYTES,
    // Which X-Forwarded-For hops name the client address anonymous budgets are kept by: a hop count, true, or
    // addresses and subnets ("loopback, 10.0.0.0/8"), read as Express read RECTIFY_TRUST_PROXY.
    ...(config.trustProxy && { trustProxy: trustProxySetting(config.trustProxy) }),
    // As Express routed: /graphql/ is /graphql.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // One log line per request is written by the request-logging hook, in its own shape, with this id.
    logger: false,
    genReqId: requestId,
  });
  // A multipart body is left unread here: the upload interceptor reads it, after the guards, with its own limits.
  adapter.getInstance().addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null));
  return adapter;
}

/** RECTIFY_TRUST_PROXY as Express took it: a hop count, true, or addresses and subnets ("loopback, 10.0.0.0/8"). */
function trustProxySetting(value: string): boolean | string | ((address: string, hop: number) => boolean) {
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops; // what Fastify (and Express) make of a number
  }
  if (value === 'true') return true;
  return value;
}
