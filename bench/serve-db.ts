// Keeps the embedded bench PostgreSQL running for psql work (EXPLAIN, trying indexes) until Ctrl-C.
// Usage: node dist/bench/serve-db.js [--issues N] [--districts N]   → prints the URL of that data set's database.
import { benchDir, parseArgs } from './cli.js';
import { openBenchDatabase } from './database.js';

const args = parseArgs();
const db = await openBenchDatabase(null, args.issues, benchDir(import.meta.url), args.districts);
console.log(`psql ${db.url}`);
const stop = () => void db.stop().then(() => process.exit(0));
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
