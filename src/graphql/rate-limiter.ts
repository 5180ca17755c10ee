// Requests per token (or per address without one): a token bucket in each instance's memory. Nothing that matters is
// lost with it — a restart only forgives a burst — so it need not be shared between instances.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Whether a request from `who` may go ahead now. */
  take(who: string, now = Date.now()): boolean {
    if (this.perSecond <= 0) return true;
    const b = this.buckets.get(who) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(who, b);
    if (this.buckets.size > 10_000) this.forgetIdle(now);
    return ok;
  }

  private forgetIdle(now: number): void {
    for (const [who, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(who);
  }
}
