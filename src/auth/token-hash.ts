import { hash, randomBytes } from 'node:crypto';

const PREFIX = 'rct_';

/** Tokens are 256 random bits; only their SHA-256 is stored, so a plain hash is enough. */
export function newTokenSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** What may be shown of a token after it was minted: enough to recognise it, not to use it. */
export function displayPrefix(token: string): string {
  return token.slice(0, PREFIX.length + 6);
}
