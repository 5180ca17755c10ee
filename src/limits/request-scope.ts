// What the pool must know about the request a query runs for: whose it is (callers take turns for a busy pool), its
// own share of connections (so one request's many aliased fields queue on it instead of taking the pool) and the kind
// of work (to bound its statements), and the district it works for (row-level security). Carried by
// AsyncLocalStorage, so no layer in between passes it on.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SemaphoreInterface } from 'async-mutex';

export type RequestKind = 'read' | 'write' | 'export' | 'import' | 'background';

export interface RequestScope {
  /** Whose turn a wait for a busy pool is (`token:<id>`, `address:<ip>`); null: background work. */
  callerKey: string | null;
  /** Mutable: a GraphQL request is a read until its operation turns out to be a mutation. */
  kind: RequestKind;
  /** The request's connections; null: bounded by the pool alone (background work, or no limit configured). */
  connections: SemaphoreInterface | null;
  /**
   * The district its queries work for — `rectify.district`, which row-level security reads: a district's id, `all`
   * (city-wide) or '' (nothing). Work outside any scope runs in the default district (src/tenancy/district-pool.ts).
   */
  district: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}
