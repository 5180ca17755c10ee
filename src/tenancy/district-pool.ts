// The connection's district (`rectify.district`) set from the scope on each checkout, for the pools that share no
// fairness (migrations, command-line tools, a test's second instance); the service's FairPool does the same with its
// statement bound (src/limits/fair-pool.ts).
import pg from 'pg';
import { currentScope } from '../limits/request-scope.js';
import { DEFAULT_DISTRICT_ID, districtSetting } from './district-scope.js';

/** The `rectify.district` each pooled connection was last given (a new connection has none). */
export const districtOf = new WeakMap<pg.PoolClient, string>();

/**
 * The checkout's district: the scope's, checked. Outside any scope, the default district's: code that runs outside a
 * request and says nothing (a tool, a test's own query, a single-district deployment's start) is narrowed to one
 * district, never widened to all; what is city-wide says so (cityWide: the token lookup, the live feed, the beat's
 * rounds, migrations).
 */
export function checkoutDistrict(): string {
  const scope = currentScope();
  return scope ? districtSetting(scope.district) : DEFAULT_DISTRICT_ID;
}

/** The statement giving a connection its district (the value is checked by districtSetting: no quoting needed). */
export const setDistrictSql = (district: string): string =>
  `SELECT set_config('rectify.district', '${districtSetting(district)}', false)`;

type Release = (err?: Error | boolean) => void;
type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: Release) => void;

/** The pg module with a Pool that gives each checkout its scope's district, for TypeORM's `driver` option. */
export function districtPg(): typeof pg {
  class DistrictPool extends pg.Pool {
    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
      if (!callback) {
        return new Promise((resolve, reject) =>
          this.connect((err, client) => (err || !client ? reject(err) : resolve(client))),
        );
      }
      const district = checkoutDistrict();
      super.connect((err: Error | undefined, client: pg.PoolClient | undefined, release: Release) => {
        if (err || !client || districtOf.get(client) === district) return callback(err, client, release);
        client.query(setDistrictSql(district)).then(
          () => {
            districtOf.set(client, district);
            callback(undefined, client, release);
          },
          (e: Error) => {
            release(e);
            callback(e, undefined, () => undefined);
          },
        );
      });
    }
  }
  return Object.create(pg, { Pool: { value: DistrictPool } }) as typeof pg;
}
