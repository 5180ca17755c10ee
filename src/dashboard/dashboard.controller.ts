import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
 * 挂图作战: the dashboard at /, the public page at /public, their scripts, styles and ECharts under /assets. Files
 * answered from memory, costing no more than their bytes: the request gate lets them pass without a budget or a turn
 * (src/limits/request-gate.hook.ts).
 */
@Controller()
export class DashboardController {
  constructor(private readonly files: DashboardFiles) {}

  @Get()
  index(
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() res: FastifyReply,
  ): void {
    this.send('index.html', encoding, etag, res);
  }

  @Get('public')
  publicPage(
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() res: FastifyReply,
  ): void {
    this.send('public.html', encoding, etag, res);
  }

  @Get('assets/:name')
  asset(
    @Param('name') name: string,
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() res: FastifyReply,
  ): void {
    if (name.endsWith('.html')) {
      throw notFound('File');
    }
    this.send(name, encoding, etag, res);
  }

  private send(name: string, encoding: string | undefined, ifNoneMatch: string | undefined, res: FastifyReply): void {
    const file = this.files.get(name);
    if (!file) {
      throw notFound('File');
    }
    res.header('ETag', file.etag);
    // Revalidate every time: a new build must reach the big screen without anyone clearing its cache.
    res.header('Cache-Control', 'no-cache');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('Vary', 'Accept-Encoding');
    if (file.type.startsWith('text/html')) res.header('Content-Security-Policy', CSP);
    if (ifNoneMatch === file.etag) {
      res.code(304).send();
      return;
    }
    res.code(200).type(file.type);
    if (/\bgzip\b/.test(encoding ?? '')) {
      res.header('Content-Encoding', 'gzip');
      res.send(file.gzipped);
    } else {
      res.send(file.body);
    }
  }
}
