import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received<M> {
  headers: IncomingHttpHeaders;
  body: string;
  message: M;
}

/**
 * A receiver on the loopback — a department's webhook endpoint, a test SMS gateway: records the JSON it is sent and
 * answers as `answer` says (a status, or never).
 */
export class Receiver<M> {
  readonly received: Received<M>[] = [];
  answer: (r: Received<M>) => number | 'never' = () => 200;
  private server!: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const r: Received<M> = { headers: req.headers, body, message: JSON.parse(body) as M };
        this.received.push(r);
        const status = this.answer(r);
        if (status === 'never') return; // the sender's timeout ends it
        res.statusCode = status;
        res.end('ok');
      });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The messages whose signature verifies with `secret` (Standard Webhooks' own verifier), as the receiver reads them. */
  verified(secret: string): M[] {
    const wh = new Webhook(secret);
    return this.received.map((r) => wh.verify(r.body, r.headers as Record<string, string>) as M);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }
}
