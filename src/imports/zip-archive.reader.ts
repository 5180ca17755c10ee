// A zip read from memory without trusting what it says about itself. yauzl reads the central directory and streams
// each entry through zlib, erroring as soon as an entry inflates past the size it declares (validateEntrySizes); every
// byte inflated is also counted against one budget for the whole archive. A zip bomb is thus stopped one chunk past
// its lie, never after it has filled memory, and the inflating happens in zlib's worker threads, chunk by chunk.
import { setImmediate as nextTurn } from 'node:timers/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** The archive is not a zip we can read, or lies about itself; the message ends "…not a readable xlsx workbook: ". */
export class ZipArchiveError extends Error {}

/** The archive inflates to more than the budget allows. */
export class ZipBudgetError extends ZipArchiveError {}

/** Far more than any workbook has (one per sheet, style, string table, image…); a bound on the directory read. */
const MAX_ENTRIES = 10_000;
/** What a reader is handed at a time, with a turn of the event loop after each, so other requests go on. */
const SLICE_BYTES = 64 * 1024;

export class ZipArchive {
  private inflated = 0;

  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly budget: number,
  ) {}

  /** Reads the central directory only; nothing is inflated until `read`. */
  static async open(bytes: Buffer, budget: number): Promise<ZipArchive> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, file) =>
        err ? reject(new ZipArchiveError('its directory cannot be read', { cause: err })) : resolve(file),
      ),
    );
    if (zip.entryCount > MAX_ENTRIES) throw new ZipArchiveError(`it holds more than ${MAX_ENTRIES} files`);
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) {
        const key = partKey(entry.fileName);
        if (!entries.has(key)) entries.set(key, entry);
      }
    } catch (e) {
      throw new ZipArchiveError('its directory cannot be read', { cause: e });
    }
    return new ZipArchive(zip, entries, budget);
  }

  has(name: string): boolean {
    return this.entries.has(partKey(name));
  }

  /**
   * The entry's inflated bytes in slices, yielding to the event loop between them. An entry that declares more than
   * the budget has left is refused before any of it is inflated; one that lies is refused as soon as it passes its
   * declared size or the budget. Stopping early (break, throw) destroys the stream.
   */
  async *read(name: string): AsyncGenerator<Buffer> {
    const entry = this.entries.get(partKey(name));
    if (!entry) throw new ZipArchiveError(`it has no ${name}`);
    if (this.inflated + entry.uncompressedSize > this.budget)
      throw new ZipBudgetError(`${name} expands past the limit`);
    let stream;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch (e) {
      throw new ZipArchiveError(`its ${name} cannot be read`, { cause: e });
    }
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.inflated += chunk.length;
        if (this.inflated > this.budget) throw new ZipBudgetError(`${name} expands past the limit`);
        for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
          yield chunk.subarray(at, at + SLICE_BYTES);
          await nextTurn();
        }
      }
    } catch (e) {
      if (e instanceof ZipArchiveError) throw e;
      // yauzl's size check ("too many bytes in the stream. expected…") or zlib's ("invalid block type"…).
      const lies = /bytes in the stream/.test((e as Error).message);
      throw new ZipArchiveError(
        lies ? `its ${name} inflates to more than the zip declares` : `its ${name} is damaged`,
        { cause: e },
      );
    } finally {
      stream.destroy();
    }
  }
}

/** Part names are matched as OPC does: without a leading slash, ignoring ASCII case. */
function partKey(name: string): string {
  return name.replace(/^\/+/, '').toLowerCase();
}
