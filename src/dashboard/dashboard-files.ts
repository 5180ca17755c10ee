// The dashboard's static files, read once and kept in memory (with a gzip copy) — a handful of small files and ECharts.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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

function load(path: string): StaticFile {
  const mtimeMs = statSync(path).mtimeMs;
  const body = readFileSync(path);
  return {
    path,
    mtimeMs,
    body,
    gzipped: gzipSync(body),
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
  };
}

@Injectable()
export class DashboardFiles {
  private files: Map<string, StaticFile> | null = null;

  /** A file by its public name (a file of the public directory, or echarts.min.js); null for anything else. */
  get(name: string): StaticFile | null {
    // Loaded on first use: test apps that never open the page pay nothing.
    this.files ??= this.loadAll();
    const file = this.files.get(name);
    if (!file) return null;
    // An edited file is read again (one stat per request), so changing the page needs no restart.
    const mtimeMs = statSync(file.path, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined || mtimeMs === file.mtimeMs) return file;
    const fresh = load(file.path);
    this.files.set(name, fresh);
    return fresh;
  }

  private loadAll(): Map<string, StaticFile> {
    const dir = publicDir();
    const files = new Map<string, StaticFile>();
    // Only names listed here are ever served: no path from the request reaches the file system.
    for (const name of readdirSync(dir)) if (TYPES[extname(name)]) files.set(name, load(join(dir, name)));
    files.set('echarts.min.js', load(echartsPath()));
    return files;
  }
}
