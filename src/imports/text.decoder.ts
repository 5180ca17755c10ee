// A CSV's bytes carry no charset: Excel on a Chinese desktop saves GB18030 ("CSV"), newer ones UTF-8 with a BOM
// ("CSV UTF-8"), and "Unicode text" is UTF-16. Decode by what the bytes are, never by what the name says.

export type TextEncodingName = 'UTF-8' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

export class UndecodableTextError extends Error {}

/** Decodes with a BOM when there is one, else strict UTF-8, else GB18030; a BOM never reaches the text. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict('utf-16le', bytes), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict('utf-16be', bytes), encoding: 'UTF-16BE' };
  // A strict UTF-8 decode succeeds on GB18030 Chinese text almost never, and on ASCII both agree anyway.
  try {
    return { text: strict('utf-8', bytes), encoding: 'UTF-8' };
  } catch {
    // not UTF-8: fall through
  }
  try {
    return { text: strict('gb18030', bytes), encoding: 'GB18030' };
  } catch {
    throw new UndecodableTextError('The file is neither UTF-8 nor GB18030 text');
  }
}

function strict(label: string, bytes: Uint8Array): string {
  return new TextDecoder(label, { fatal: true }).decode(bytes);
}
