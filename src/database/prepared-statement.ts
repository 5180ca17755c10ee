// Statements on the transition path, parsed and planned once per connection instead of once per execution: named
// statements of node-postgres. Measured on the 20,000-problem bench database, parsing and planning the problem's read
// and its compare-and-set took PostgreSQL more time than executing them. Kept to a few statements whose plan does not
// depend on their parameters (a primary key), so a generic plan is never a worse one.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** A statement node-postgres prepares under its name on each connection the first time it runs there. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** Named for its text, so one name never stands for two texts on a connection. */
export function prepared(label: string, text: string): PreparedStatement {
  return { name: `${label}_${createHash('sha256').update(text).digest('hex').slice(0, 12)}`, text };
}

/**
 * Runs a prepared statement through TypeORM (its transaction, its errors): TypeORM hands the query to node-postgres
 * as it is, and node-postgres takes a `{ name, text }` object with the values beside it.
 */
export function runPrepared<T>(manager: EntityManager, statement: PreparedStatement, params: unknown[]): Promise<T[]> {
  return manager.query(statement as unknown as string, params);
}
