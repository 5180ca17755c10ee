// Where a webhook may deliver, and the delivery itself. A target is checked when it is registered (its form) and at
// every delivery against the addresses its host resolves to then — the connection goes to the address that was
// checked, so a name that re-resolves elsewhere (DNS rebinding) cannot reach an address the check refused. By default
// only public addresses are allowed; an intranet lists its networks in RECTIFY_WEBHOOK_ALLOWED_NETWORKS.
import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** Past this many bytes of a receiver's answer, the rest is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function isCidr(text: string): boolean {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether an address may be reached: inside a listed network, or (none listed) a public unicast address. */
export function addressAllowed(address: string, networks: readonly string[] | null): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as itself.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (networks === null) return ip.range() === 'unicast';
  return networks.some((cidr) => {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    return net.kind() === ip.kind() && ip.match(net, bits);
  });
}

/** A URL's host as a resolver takes it (an IPv6 address without its brackets), and whether it is an address already. */
export function hostOf(url: URL): { host: string; isAddress: boolean } {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { host, isAddress: ipaddr.isValid(host) };
}

/** The refusal of a webhook URL's form (http or https, a host, no credentials), or null. */
export function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的网址';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '只支持 http 或 https 网址';
  if (url.username || url.password) return '网址中不得包含用户名或密码';
  if (!url.hostname) return '网址缺少主机名';
  return null;
}

export interface DeliveryOutcome {
  /** The receiver's status code; null when none came (refused, unreachable, timed out). */
  status: number | null;
  /** Why it failed, when it did: never the receiver's body. */
  error: string | null;
}

export class TargetRefused extends Error {}

/** POSTs a signed body; 2xx is delivered. Resolves the host itself and connects only to an allowed address. */
export async function post(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; networks: readonly string[] | null },
): Promise<DeliveryOutcome> {
  const url = new URL(rawUrl);
  const { host, isAddress } = hostOf(url);
  let address: string;
  let family: number;
  try {
    if (isAddress) {
      address = host;
      family = ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4;
    } else {
      const found = await lookup(host, { all: true });
      const allowed = found.find((a) => addressAllowed(a.address, options.networks));
      if (!allowed) throw new TargetRefused(`${host} 解析到的地址不在允许的网络内`);
      ({ address, family } = allowed);
    }
    if (!addressAllowed(address, options.networks)) throw new TargetRefused(`${address} 不在允许的网络内`);
  } catch (e) {
    return { status: null, error: e instanceof TargetRefused ? e.message : `无法解析 ${host}` };
  }
  const pinned: LookupFunction = (_name, opts, callback) => {
    if (opts.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    const done = (outcome: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const status = res.statusCode ?? null;
        const outcome = () =>
          done({ status, error: status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}` });
        res.on('end', outcome);
        res.on('close', outcome);
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ status: null, error: `${options.timeoutMs} ms 内无应答` });
    });
    req.on('error', (e) => done({ status: null, error: e.message }));
    req.end(body);
  });
}
