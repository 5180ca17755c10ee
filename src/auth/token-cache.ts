import type { TokenRow } from './tokens.repository.js';

export interface TokenEntry {
  row: TokenRow;
  expiresAt: number | null;
  /** When last_used_at was last written (or read); it is written again a minute later. */
  touchedAt: number | null;
}

export function tokenEntry(row: TokenRow): TokenEntry {
  const time = (d: Date | null) => (d ? new Date(d).getTime() : null);
  return { row, expiresAt: time(row.expires_at), touchedAt: time(row.last_used_at) };
}

/**
 * Tokens looked up recently, so a request costs no query to authenticate. Trusted only while `live`: while the
 * listener holds its LISTEN on rectify_tokens, every change to a token reaches `invalidate()` (migration 7); when the
 * listener is away, nothing is cached or served. A lookup that was in flight when the cache was invalidated is not
 * kept (the generation moved on), so a row read before a revocation cannot outlive its announcement.
 */
export class TokenCache {
  private readonly entries = new Map<string, TokenEntry>();
  private generationValue = 0;
  private live = false;

  constructor(private readonly capacity: number) {}

  get generation(): number {
    return this.generationValue;
  }

  get isLive(): boolean {
    return this.live && this.capacity > 0;
  }

  /** The cached row for a token hash, or undefined: not cached, expired at `now`, or the cache is not live. */
  get(hash: string, now: number): TokenEntry | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(hash);
    if (entry?.expiresAt != null && entry.expiresAt <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Keeps a row read at `generation`; dropped when anything was invalidated since, or the cache is not live. */
  set(hash: string, entry: TokenEntry, generation: number): void {
    if (!this.isLive || generation !== this.generationValue) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, entry);
  }

  invalidate(): void {
    this.generationValue++;
    this.entries.clear();
  }

  /** Listening again: whatever was announced while away is unknown, so start empty. */
  goLive(): void {
    this.invalidate();
    this.live = true;
  }

  goDark(): void {
    this.live = false;
    this.invalidate();
  }

  get size(): number {
    return this.entries.size;
  }
}
