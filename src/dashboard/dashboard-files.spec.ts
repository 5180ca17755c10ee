import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { DashboardFiles, publicDir } from './dashboard-files.js';
import { DASHBOARD_LABELS } from './dashboard-labels.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the dashboard files', () => {
  it('are found in the source tree both from src/ and from the build in dist/', () => {
    const expected = join(ROOT, 'src', 'dashboard', 'public');
    expect(publicDir(join(ROOT, 'src', 'dashboard'))).toBe(expected);
    expect(publicDir(join(ROOT, 'dist', 'src', 'dashboard'))).toBe(expected);
  });

  it('serves only the files it lists, and ECharts', () => {
    const files = new DashboardFiles();
    for (const name of [
      'index.html',
      'public.html',
      'app.js',
      'public.js',
      'common.js',
      'style.css',
      'echarts.min.js',
      'labels.js',
    ]) {
      expect(files.get(name)?.body.length).toBeGreaterThan(0);
    }
    expect(files.get('app.js')!.type).toBe('text/javascript; charset=utf-8');
    expect(files.get('index.html')!.etag).toMatch(/^"[\w-]+"$/);
    for (const name of ['../dashboard.module.ts', '..', 'dashboard-files.ts', 'package.json', ''])
      expect(files.get(name)).toBeNull();
  });

  it('serves the labels the service writes, under every name the page imports from labels.js', async () => {
    const body = new DashboardFiles().get('labels.js')!.body.toString('utf8');
    const served = await import(`data:text/javascript;base64,${Buffer.from(body).toString('base64')}`);
    expect({ ...served }).toEqual(DASHBOARD_LABELS);
    const common = readFileSync(join(publicDir(), 'common.js'), 'utf8');
    const imported = [...common.matchAll(/(?:import|export) \{([^}]*)\} from '\.\/labels\.js'/g)].flatMap((m) =>
      m[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    expect(imported.length).toBeGreaterThan(10);
    for (const name of imported) expect(Object.keys(DASHBOARD_LABELS)).toContain(name);
  });
});
