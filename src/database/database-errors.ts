/** Connection-level failures: the database is away, not the request wrong. */
export function isDatabaseDown(e: unknown): boolean {
  const err = e as { code?: string; message?: string; name?: string } | null;
  const code = err?.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    // TypeORM's words for a connection that died under a transaction: its COMMIT never ran.
    ['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError'].includes(err?.name ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      err?.message ?? '',
    )
  );
}
