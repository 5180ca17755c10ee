// One async-mutex semaphore per key (a caller), made on first use and forgotten when nobody holds or awaits it.
import { Semaphore, withTimeout, type SemaphoreInterface } from 'async-mutex';

export class KeyedSemaphores {
  private readonly entries = new Map<string, { semaphore: SemaphoreInterface; users: number }>();

  /** `permits` per key; a wait past `timeoutMs` rejects with `timeoutError()`. */
  constructor(
    private readonly permits: number,
    private readonly timeoutMs: number,
    private readonly timeoutError: () => Error,
  ) {}

  /** Resolves with the function that gives the permit back (call it exactly once). */
  async acquire(key: string): Promise<() => void> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { semaphore: withTimeout(new Semaphore(this.permits), this.timeoutMs, this.timeoutError()), users: 0 };
      this.entries.set(key, entry);
    }
    entry.users++;
    const leave = () => {
      if (--entry.users === 0) this.entries.delete(key);
    };
    try {
      const [, release] = await entry.semaphore.acquire();
      return () => {
        release();
        leave();
      };
    } catch (e) {
      leave();
      throw e;
    }
  }

  /** Keys with a permit held or awaited. */
  get size(): number {
    return this.entries.size;
  }
}
