// Structured JSON logs. Tokens and complainants never reach them: headers are not logged but for a few harmless
// ones, request bodies never are, and known personal fields are censored wherever they appear.
import { pino, type DestinationStream, type Logger } from 'pino';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.token',
  '*.complainantName',
  '*.complainantPhone',
  '*.complainant',
];

export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'rectify' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * The service's stdout, written asynchronously: a request never waits on a slow reader (a full pipe, a busy journald).
 * pino flushes what is still buffered when the process exits.
 */
export function asyncStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}
