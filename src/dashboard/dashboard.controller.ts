import { Controller, Get, Headers, Param, RequestMethod, Res } from '@nestjs/common';
import type { Response } from 'express';
import { notFound } from '../common/domain-error.js';
import { DashboardFiles } from './dashboard-files.js';

// The pages load only their own scripts and talk only to this service; nothing may frame them.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // ECharts positions its tooltips with inline styles
  "img-src 'self' blob: data:", // evidence thumbnails are fetched with the token and shown as blob: URLs
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The routes below: files answered from memory, costing no more than their bytes. The request gate lets them pass
 * without a budget or a turn — every page's scripts come from one address, and an office behind one NAT address
 * opening several tabs must never be refused a script by its own API calls' budget.
 */
export const DASHBOARD_FILE_ROUTES: { path: string; method: RequestMethod }[] = [
  { path: '/', method: RequestMethod.GET },
  { path: 'public', method: RequestMethod.GET },
  { path: 'assets/:name', method: RequestMethod.GET },
];

/** 挂图作战: the dashboard at /, the public page at /public, their scripts, styles and ECharts under /assets. */
@Controller()
export class DashboardController {
  constructor(private readonly files: DashboardFiles) {}

  @Get()
  index(
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() res: Response,
  ): void {
    this.send('index.html', encoding, etag, res);
  }

  @Get('public')
  publicPage(
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() res: Response,
  ): void {
    this.send('public.html', encoding, etag, res);
  }

  @Get('assets/:name')
  asset(
    @Param('name') name: string,
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() res: Response,
  ): void {
    if (name.endsWith('.html')) {
      throw notFound('File');
    }
    this.send(name, encoding, etag, res);
  }

  private send(name: string, encoding: string | undefined, ifNoneMatch: string | undefined, res: Response): void {
    const file = this.files.get(name);
    if (!file) {
      throw notFound('File');
    }
    res.setHeader('ETag', file.etag);
    // Revalidate every time: a new build must reach the big screen without anyone clearing its cache.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Vary', 'Accept-Encoding');
    if (file.type.startsWith('text/html')) res.setHeader('Content-Security-Policy', CSP);
    if (ifNoneMatch === file.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).type(file.type);
    if (/\bgzip\b/.test(encoding ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      res.send(file.gzipped);
    } else {
      res.send(file.body);
    }
  }
}
