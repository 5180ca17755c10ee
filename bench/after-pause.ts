// The first request after an idle pause, with the pool's connections closed after 10 s idle (pg-pool's default) and
// kept open (the service's default, RECTIFY_DB_IDLE_TIMEOUT_MS=0): two services on one database, asked in turn.
// Usage: node dist/bench/after-pause.js URL [PAUSE_MS] [ROUNDS]   (URL: `node dist/bench/serve-db.js` prints it)
import { Service, stat } from './report.bench.js';

const [url, pauseArg, roundsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: after-pause URL [PAUSE_MS] [ROUNDS]');
const pauseMs = Number(pauseArg ?? 15_000);
const rounds = Number(roundsArg ?? 5);
const FIELDS = 'total closed overdue closureRate onTimeRate rank';
const QUERIES: Record<string, string> = {
  'closureReport now': `{ closureReport { rows { unit { id name } ${FIELDS} } total { ${FIELDS} } } }`,
  'text search "排污口" with totalCount':
    '{ issues(filter: { search: "排污口" }, first: 50) { totalCount edges { node { id code title } } } }',
};

const timed = async (svc: Service, query: string) => {
  const t = performance.now();
  await svc.gql(query);
  return performance.now() - t;
};

const services: [string, Service][] = [];
try {
  services.push([
    'closed after 10 s idle',
    await Service.start(url, process.cwd(), { RECTIFY_DB_IDLE_TIMEOUT_MS: '10000' }),
  ]);
  services.push(['kept open', await Service.start(url, process.cwd(), { RECTIFY_DB_IDLE_TIMEOUT_MS: '0' })]);
  const after = new Map<string, number[]>();
  const warm = new Map<string, number[]>();
  for (const [, svc] of services)
    for (const q of Object.values(QUERIES)) for (let i = 0; i < 5; i++) await timed(svc, q);
  for (let r = 0; r < rounds; r++) {
    await new Promise((s) => setTimeout(s, pauseMs));
    for (const [pool, svc] of services) {
      for (const [name, q] of Object.entries(QUERIES)) {
        const key = `${name}, connections ${pool}`;
        after.set(key, [...(after.get(key) ?? []), await timed(svc, q)]);
        warm.set(key, [...(warm.get(key) ?? []), await timed(svc, q), await timed(svc, q)]);
      }
    }
  }
  console.log(`after a ${pauseMs / 1000} s pause (p50 over ${rounds} rounds) | back to back (p50)`);
  for (const [key, samples] of after) console.log(`${key}: ${stat(samples).p50} ms | ${stat(warm.get(key)!).p50} ms`);
} finally {
  for (const [, svc] of services) await svc.stop();
}
