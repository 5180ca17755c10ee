// Webhooks under load: the same walk of transitions with an office webhook registered (every event, to a receiver on
// the loopback in this process) next to the walk without it, and how long each message took from the event's time to
// the receiver (p50 / p99).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { round, type Service, stat, type Stat } from './report.bench.js';

export interface WebhookLine {
  clients: number;
  /** Transitions per second with the webhook registered. */
  perSecond: number;
  /** Messages received for the transitions of the run (all of them, or the wait ran out). */
  delivered: number;
  expected: number;
  /** From the event's time (data.at) to the receiver, ms. */
  latency: Stat;
}

/** A receiver answering 200, noting when each message arrived and the event time it carries. */
async function receiver(): Promise<{ url: string; delays: number[]; close(): Promise<void> }> {
  const delays: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrived = Date.now();
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { at: string } };
      delays.push(arrived - Date.parse(message.data.at));
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    delays,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/**
 * `walk(clients)` runs the bench's walk for its time and answers the transitions acknowledged and the seconds taken.
 * The service must allow the loopback (RECTIFY_WEBHOOK_ALLOWED_NETWORKS).
 */
export async function benchWebhooks(
  service: Service,
  clientsList: readonly number[],
  walk: (clients: number) => Promise<{ acknowledged: number; seconds: number }>,
  log: (m: string) => void,
): Promise<WebhookLine[]> {
  const hook = await receiver();
  const { createWebhook } = await service.gql<{ createWebhook: { webhook: { id: string } } }>(
    `mutation($url: String!) { createWebhook(input: { url: $url, description: "bench" }) { webhook { id } } }`,
    { url: hook.url },
  );
  const lines: WebhookLine[] = [];
  try {
    for (const clients of clientsList) {
      const from = hook.delays.length;
      const run = await walk(clients);
      // Every transition of the run is one message; wait for them (at most a minute).
      for (const end = Date.now() + 60_000; hook.delays.length - from < run.acknowledged && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 100));
      const delays = hook.delays.slice(from);
      const line: WebhookLine = {
        clients,
        perSecond: Math.round(run.acknowledged / run.seconds),
        delivered: delays.length,
        expected: run.acknowledged,
        latency: stat(delays),
      };
      lines.push(line);
      log(
        `  with a webhook, ${clients} client(s): ${line.perSecond} transitions/s; ${line.delivered} of ${line.expected} ` +
          `messages received, from the event to the receiver p50 ${round(line.latency.p50, 0)} ms, p99 ${round(line.latency.p99, 0)} ms`,
      );
    }
  } finally {
    await service.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: createWebhook.webhook.id });
    await hook.close();
  }
  return lines;
}
