// Command-line flags shared by the bench scripts: `--name value`, `--name=value` and bare `--flag`.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchArgs {
  issues: number;
  quick: boolean;
  databaseUrl: string | null;
  /** Drop and re-create the bench schema before generating. */
  reset: boolean;
  /** Districts the problems are spread over (a city: 38), each a tenant with its own units; 1: one district. */
  districts: number;
}

export const QUICK_ISSUES = 20_000;
export const FULL_ISSUES = 1_000_000;

export function parseArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
    } else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
      flags.set(a.slice(2), argv[++i]);
    } else {
      flags.set(a.slice(2), true);
    }
  }
  const known = new Set(['issues', 'quick', 'database-url', 'reset', 'districts']);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown flag --${k}`);
  const quick = flags.get('quick') === true;
  const rawIssues = flags.get('issues');
  const issues =
    typeof rawIssues === 'string' ? Number(rawIssues.replace(/[_,]/g, '')) : quick ? QUICK_ISSUES : FULL_ISSUES;
  if (!Number.isInteger(issues) || issues < 1000) throw new Error('--issues must be an integer ≥ 1000');
  const rawDistricts = flags.get('districts');
  const districts = typeof rawDistricts === 'string' ? Number(rawDistricts) : 1;
  if (!Number.isInteger(districts) || districts < 1 || districts > 99) throw new Error('--districts must be 1 … 99');
  const url = flags.get('database-url');
  return {
    issues,
    quick,
    databaseUrl: typeof url === 'string' ? url : (process.env.BENCH_DATABASE_URL ?? null),
    reset: flags.get('reset') === true,
    districts,
  };
}

/** True when this module is the script node was started with. */
export function isMain(importMetaUrl: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === importMetaUrl;
}

/** bench/ in the source tree, whether running from dist/bench or not. */
export function benchDir(importMetaUrl: string): string {
  const here = fileURLToPath(new URL('.', importMetaUrl));
  return here.includes('/dist/bench') ? resolve(here, '../../bench') : here;
}
