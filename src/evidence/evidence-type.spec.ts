import { describe, expect, it } from '@jest/globals';
import { sniffMediaType } from './evidence-type.js';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffMediaType', () => {
  it('recognises each accepted kind by its signature', () => {
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toBe('image/jpeg');
    expect(sniffMediaType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe('image/png');
    expect(sniffMediaType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffMediaType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses text, other formats and truncated signatures', () => {
    expect(sniffMediaType(bytes('this is not a photo'))).toBeNull();
    expect(sniffMediaType(bytes('GIF89a'))).toBeNull();
    expect(sniffMediaType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffMediaType(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))).toBeNull(); // RIFF, but audio
    expect(sniffMediaType(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffMediaType(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffMediaType(bytes('RIFF', [0, 0, 0, 0], 'WEB'))).toBeNull();
    expect(sniffMediaType(bytes(' %PDF-1.7'))).toBeNull();
    expect(sniffMediaType(new Uint8Array(0))).toBeNull();
  });
});
