// The part of multer the uploads use (multer ships no types; @types/multer is written against Express).
declare module 'multer' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Readable } from 'node:stream';

  export interface MulterLimits {
    fieldNameSize?: number;
    fieldSize?: number;
    fields?: number;
    fileSize?: number;
    files?: number;
    parts?: number;
    headerPairs?: number;
    fieldNestingDepth?: number;
    fieldArrayIndexLimit?: number;
  }

  /** What a storage engine is handed: the file's name as sent and its bytes. */
  export interface IncomingFile {
    fieldname: string;
    originalname: string;
    mimetype: string;
    stream: Readable;
  }

  /** multer's storage-engine contract; what `_handleFile` reports is merged into the file. */
  export interface StorageEngine {
    _handleFile(req: IncomingMessage, file: IncomingFile, done: (error: Error | null, info?: object) => void): void;
    _removeFile(req: IncomingMessage, file: object, done: (error: Error | null) => void): void;
  }

  export interface MulterOptions {
    storage?: StorageEngine;
    limits?: MulterLimits;
    defParamCharset?: string;
  }

  export type MulterMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

  export interface Multer {
    single(field: string): MulterMiddleware;
  }

  interface MulterFactory {
    (options?: MulterOptions): Multer;
    memoryStorage(): StorageEngine;
  }

  const multer: MulterFactory;
  export default multer;
}
