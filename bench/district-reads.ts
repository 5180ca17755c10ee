// A district's table and list over HTTP, before and after a schema change (issue #28: row-level security on
// `rectify.district`): the service is started on the bench database (`node dist/src/main.js`) and each read is timed
// `--runs` times after three warm-ups, p50 and p99 in ms. Usage:
//   node dist/bench/district-reads.js --database-url postgres://… [--runs 30]
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDir, isMain } from './cli.js';
import { Service } from './report.bench.js';

interface Line {
  name: string;
  p50: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function districtReads(url: string, runs: number): Promise<Line[]> {
  const service = await Service.start(url, resolve(benchDir(import.meta.url), '..'));
  try {
    const units = (await service.gql<{ units: { id: string }[] }>(`{ units { id } }`)).units;
    const page = await service.gql<{ issues: { edges: { node: { id: string; code: string } }[] } }>(
      `{ issues(first: 1) { edges { node { id code } } } }`,
    );
    const { id, code } = page.issues.edges[0].node;
    const unitId = units[0].id;
    const reads: [string, string][] = [
      [
        'closureReport now',
        `{ closureReport { asOf rows { unit { name } total closed closureRate onTimeRate overdue dueSoon rebounds rank } total { total closed closureRate onTimeRate overdue } } }`,
      ],
      [
        'weeklyReport (week of 2026-11-30)',
        `{ weeklyReport(weekOf: "2026-11-30") { rows { unit { name } total closed closureRate filedInPeriod closedInPeriod rank } total { total closed } } }`,
      ],
      [
        'issues first 50',
        `{ issues(first: 50) { edges { node { id code state substate dueAt } } pageInfo { endCursor hasNextPage } } }`,
      ],
      ['issues first 50 + totalCount', `{ issues(first: 50) { totalCount edges { node { id code } } } }`],
      [
        'issues of a unit, overdue, by deadline + totalCount',
        `{ issues(first: 50, filter: { unitId: "${unitId}", overdue: true }, orderBy: { field: DUE_AT, direction: ASC }) { totalCount edges { node { id code dueAt } } } }`,
      ],
      [
        'issues updated order',
        `{ issues(first: 50, orderBy: { field: UPDATED_AT, direction: DESC }) { edges { node { id updatedAt } } } }`,
      ],
      [
        'issues text search + totalCount',
        `{ issues(first: 20, filter: { search: "黑臭" }) { totalCount edges { node { id code } } } }`,
      ],
      ['issue by id with its log', `{ issue(id: "${id}") { id code state events { seq type at } } }`],
      ['issueByCode', `{ issueByCode(code: "${code}") { id state } }`],
    ];
    const lines: Line[] = [];
    for (const [name, query] of reads) {
      for (let i = 0; i < 3; i++) await service.gql(query);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await service.gql(query);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      lines.push({ name, p50: quantile(times, 0.5), p99: quantile(times, 0.99) });
    }
    return lines;
  } finally {
    await service.stop();
  }
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const url = at('--database-url') ?? process.env.DATABASE_URL;
  if (!url) throw new Error('--database-url is required');
  const lines = await districtReads(url, Number(at('--runs') ?? 30));
  for (const l of lines)
    console.log(`${l.name.padEnd(55)} p50 ${l.p50.toFixed(1).padStart(7)} ms  p99 ${l.p99.toFixed(1).padStart(7)} ms`);
}
