// Typed domain errors carrying the contract's codes; one filter turns them into GraphQL errors.

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'INVALID_TRANSITION'
  | 'VERSION_CONFLICT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (fields: string[], message?: string): DomainError =>
  new DomainError('BAD_USER_INPUT', message ?? `Invalid value for: ${fields.join(', ')}`, { fields });

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);

export const forbidden = (message = 'Not allowed for this caller'): DomainError =>
  new DomainError('FORBIDDEN', message);

export const unauthenticated = (): DomainError =>
  new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  INVALID_TRANSITION: 409,
  VERSION_CONFLICT: 409,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};
