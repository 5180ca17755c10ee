// Background work on the service's beat, done in rounds: a round asked for while one runs joins it instead of
// starting another, and shutting down waits for the one running.
import type { Logger } from '@nestjs/common';
import { startBeat, type Beat } from './beat.js';

export class BackgroundRounds {
  private beat: Beat | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly round: () => Promise<void>) {}

  /** On the beat from now on (none when `everyMs` ≤ 0: tests run rounds by hand). */
  start(everyMs: number, logger: Logger, what: string): void {
    this.beat = startBeat(everyMs, () => this.run(), logger, what);
  }

  run(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.beat?.stop();
    await this.running;
  }
}

/** Calls `batch` while it does work (answers a count above 0), at most `maxBatches` times. */
export async function inBatches(batch: () => Promise<number>, maxBatches: number): Promise<void> {
  for (let k = 0; k < maxBatches && (await batch()) > 0; k++) {
    /* next batch */
  }
}
