// Evidence bytes on disk, content-addressed: <dir>/<sha256[0..2]>/<sha256>. An upload is spooled to a temp file in
// the same directory tree while it is hashed, then renamed into place, so a reader never sees a half-written file.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';
import { SNIFF_BYTES } from './evidence-type.js';

/** An upload as the spool hands it to the route: where it waits, how big it is, its hash and first bytes. */
export interface SpooledFile {
  originalname: string;
  path: string;
  size: number;
  sha256: string;
  head: Buffer;
}

export class EvidenceStore {
  private readonly tmpDir: string;

  constructor(private readonly dir: string) {
    this.tmpDir = join(dir, '.tmp');
  }

  /** Where the bytes with this hash are kept, relative to the evidence directory. */
  keyOf(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256}`;
  }

  /** Moves a spooled upload to its content address; the same bytes uploaded twice share one file. */
  async commit(file: SpooledFile): Promise<string> {
    const key = this.keyOf(file.sha256);
    await mkdir(join(this.dir, file.sha256.slice(0, 2)), { recursive: true });
    await rename(file.path, join(this.dir, key));
    return key;
  }

  /** Opens a stored file; null when it is gone from disk. */
  async open(key: string): Promise<ReadStream | null> {
    const path = join(this.dir, key);
    try {
      await stat(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return createReadStream(path);
  }

  /** Removes a temp file; gone already is fine. */
  async discard(path: string): Promise<void> {
    await unlink(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /** A multer storage engine writing into the spool. */
  spool(): StorageEngine {
    return {
      _handleFile: (_req, file, done) => {
        this.write(file.stream).then(
          (info) => done(null, info),
          (e: Error) => done(e),
        );
      },
      _removeFile: (_req, file: { path?: string }, done) => {
        if (!file.path) return done(null);
        this.discard(file.path).then(
          () => done(null),
          (e: Error) => done(e),
        );
      },
    };
  }

  private async write(source: Readable): Promise<Omit<SpooledFile, 'originalname'>> {
    await mkdir(this.tmpDir, { recursive: true });
    const path = join(this.tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        next(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      await this.discard(path);
      throw e;
    }
    return { path, size, sha256: hash.digest('hex'), head };
  }
}
