// The HTTP platform side by side: the same NestJS + Apollo application — one query, nothing of Rectify's own — on
// Express (what the service ran on before #21 item 4) and on Fastify (what it runs on), answering `{ hello }` at 1, 4
// and 16 clients, one platform at a time on the same cores. It measures the framework's ceiling on each platform, which
// bounds every request the service answers (the transitions bench's "empty query" is the service's own, with its
// hooks and plugins).
// Usage: npm run build && node dist/bench/platform-ab.js [--seconds N]
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';
import { freePort, sleep } from '../test/support/processes.js';
import { isMain } from './cli.js';
import { cpuSeconds } from './proc-stats.js';

export type Platform = 'express' | 'fastify';
const PLATFORMS: Platform[] = ['express', 'fastify'];
const CLIENTS = [1, 4, 16];

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => 'hello' } },
    }),
  ],
})
class BareModule {}

async function serve(platform: Platform, port: number): Promise<void> {
  const app =
    platform === 'fastify'
      ? await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BareModule, { logger: false });
  await app.listen(port, '127.0.0.1');
  process.send?.('up');
}

/** Requests answered per second by `clients` loops over kept-alive connections. */
async function load(port: number, clients: number, seconds: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const body = Buffer.from(JSON.stringify({ query: '{ hello }' }));
  const send = () =>
    new Promise<void>((done, fail) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          if (res.statusCode !== 200) fail(new Error(`HTTP ${res.statusCode}`));
          res.resume();
          res.on('end', () => done());
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  const until = Date.now() + seconds * 1000;
  let answered = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        await send();
        answered++;
      }
    }),
  );
  agent.destroy();
  return Math.round(answered / ((performance.now() - started) / 1000));
}

export interface PlatformLine {
  platform: Platform;
  clients: number;
  perSecond: number;
  /** Requests per CPU-second of the serving process. */
  perCpuSecond: number;
}

export async function benchPlatforms(seconds: number): Promise<PlatformLine[]> {
  const lines: PlatformLine[] = [];
  for (const platform of PLATFORMS) {
    const port = await freePort();
    const child = fork(fileURLToPath(import.meta.url), ['--serve', platform, String(port)], { stdio: 'inherit' });
    try {
      await new Promise<void>((up, fail) => {
        child.once('message', () => up());
        child.once('exit', (code) => fail(new Error(`the ${platform} app exited (${code})`)));
      });
      await load(port, 4, 2); // warm-up
      for (const clients of CLIENTS) {
        const cpu0 = cpuSeconds(child.pid ?? 0);
        const perSecond = await load(port, clients, seconds);
        const cpu = cpuSeconds(child.pid ?? 0) - cpu0;
        lines.push({ platform, clients, perSecond, perCpuSecond: Math.round((perSecond * seconds) / cpu) });
      }
    } finally {
      child.kill('SIGTERM');
      await sleep(200);
    }
  }
  return lines;
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] as Platform, Number(process.argv[4]));
} else if (isMain(import.meta.url)) {
  const i = process.argv.indexOf('--seconds');
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 8;
  const lines = await benchPlatforms(seconds);
  for (const l of lines)
    console.log(
      `${l.platform.padEnd(8)} ${String(l.clients).padStart(2)} client(s): ${l.perSecond} requests/s, ${l.perCpuSecond} per CPU-second of the app`,
    );
  for (const clients of CLIENTS) {
    const [e, f] = PLATFORMS.map((p) => lines.find((l) => l.platform === p && l.clients === clients)!);
    console.log(`${clients} client(s): Fastify ÷ Express ${(f.perSecond / e.perSecond).toFixed(2)}`);
  }
}
