// What a file is, from its first bytes: a name or a declared Content-Type is the sender's claim, not a fact.

export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** How many leading bytes sniffing needs (WEBP's tag ends at byte 12). */
export const SNIFF_BYTES = 12;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [...'%PDF-'].map((c) => c.charCodeAt(0));
const RIFF = [...'RIFF'].map((c) => c.charCodeAt(0));
const WEBP = [...'WEBP'].map((c) => c.charCodeAt(0));

function startsWith(head: Uint8Array, signature: number[], offset = 0): boolean {
  return head.length >= offset + signature.length && signature.every((b, i) => head[offset + i] === b);
}

/** The media type the content proves, or null when it is none of the accepted kinds. */
export function sniffMediaType(head: Uint8Array): EvidenceMediaType | null {
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  if (startsWith(head, PDF)) return 'application/pdf';
  return null;
}

/** The usual extension, for a download name that lacks one. */
export const EXTENSION: Record<EvidenceMediaType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};
