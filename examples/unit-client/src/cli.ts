#!/usr/bin/env node
// node dist/cli.js --url http://localhost:3000 --token rct_… --photo 现场照片.jpg
// Progress goes to stderr, the day's summary (JSON) to stdout. Exit 0: the day ran (skipped problems are in the
// summary); 1: it stopped (token refused, service away); 2: wrong arguments.
import { parseArgs } from 'node:util';
import { runUnitDay, UnitDayAbortedError } from './unit-day.js';

const USAGE = `usage: node dist/cli.js --url <service> --token <UNIT token> --photo <jpg|png|webp|pdf> [--page-size 50]
  RECTIFY_URL and RECTIFY_TOKEN stand in for --url and --token (a token in an environment variable stays out of ps).`;

async function main(argv: string[]): Promise<number> {
  let values: { url?: string; token?: string; photo?: string; 'page-size'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        photo: { type: 'string' },
        'page-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const url = values.url ?? process.env.RECTIFY_URL;
  const token = values.token ?? process.env.RECTIFY_TOKEN;
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (
    values.help ||
    !url ||
    !token ||
    !values.photo ||
    (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0))
  ) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    const summary = await runUnitDay({ url, token, photo: values.photo, pageSize, log: (line) => console.error(line) });
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } catch (e) {
    if (!(e instanceof UnitDayAbortedError)) throw e;
    console.error(e.message);
    console.log(JSON.stringify(e.summary, null, 2));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
