// A response body as bytes (an xlsx, a zip), for supertest's .parse().
import type request from 'supertest';

export const binary = (res: request.Response, callback: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
};
