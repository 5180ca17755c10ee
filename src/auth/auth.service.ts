import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../workflows/issue.types.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../common/clock.js';
import { badInput, notFound } from '../common/domain-error.js';
import type { Caller } from './caller.js';
import { displayPrefix, hashToken, newTokenSecret } from './token-hash.js';
import { TokenCache, tokenEntry } from './token-cache.js';
import { TokensRepository, type TokenRow } from './tokens.repository.js';
import { isCityRole } from './policy.js';
import { DEFAULT_DISTRICT_ID, inDistrict } from '../tenancy/district-scope.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BOOTSTRAP_LOCK = 7_263_002;

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly tokens: TokensRepository,
    private readonly cache: TokenCache,
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async callerFromHeader(header: string | undefined): Promise<Caller | null> {
    const hash = bearerHash(header);
    if (!hash) return null;
    const now = this.clock.now();
    let entry = this.cache.get(hash, now.getTime());
    if (!entry) {
      const generation = this.cache.generation;
      const row = await this.tokens.findActiveByHash(hash, now);
      if (!row) return null;
      entry = tokenEntry(row);
      this.cache.set(hash, entry, generation);
    }
    if (entry.touchedAt === null || now.getTime() - entry.touchedAt > 60_000) {
      entry.touchedAt = now.getTime();
      this.tokens
        .touch(entry.row.id, now)
        .catch((e: unknown) => this.logger.warn(`last-used not recorded: ${(e as Error).message}`));
    }
    return toCaller(entry.row);
  }

  /** Whether the header's token is known without asking the database (so checking it costs nothing). */
  isCached(header: string): boolean {
    const hash = bearerHash(header);
    return hash !== null && this.cache.get(hash, this.clock.now().getTime()) !== undefined;
  }

  list(includeRevoked: boolean) {
    return this.tokens.list(includeRevoked);
  }

  async revoke(id: string, by: Caller) {
    if (id === by.tokenId) throw badInput(['id'], 'A token cannot revoke itself; use another OFFICE token');
    const info = await this.tokens.revoke(id, by.tokenId, this.clock.now());
    // The announcement reaches this instance's listener too, but only after this reply might: forget now.
    this.cache.invalidate();
    if (!info) throw notFound('Token');
    return info;
  }

  async prefixOf(tokenId: string): Promise<string> {
    return (await this.tokens.prefixOf(tokenId)) ?? 'rct_';
  }

  async mint(
    role: Role,
    unitId: string | null,
    label: string | null,
    createdBy: string | null,
    expiresAt: Date | null = null,
    screen = false,
  ) {
    const token = newTokenSecret();
    const row = await this.tokens.insert({
      hash: hashToken(token),
      prefix: displayPrefix(token),
      role,
      unitId,
      label,
      createdBy,
      expiresAt,
      screen,
    });
    return { token, row };
  }

  /**
   * The first OFFICE token: from RECTIFY_ADMIN_TOKEN, or generated and printed once on an empty database — the default
   * district's (a single-district deployment's one; a city's further districts get theirs from the city).
   */
  onApplicationBootstrap(): Promise<void> {
    return inDistrict(DEFAULT_DISTRICT_ID, () => this.bootstrap());
  }

  private async bootstrap(): Promise<void> {
    const fixed = this.config.adminToken;
    const minted = await this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if (fixed) {
        await this.tokens.insert(
          {
            hash: hashToken(fixed),
            prefix: displayPrefix(fixed),
            role: 'OFFICE',
            unitId: null,
            label: 'bootstrap',
            createdBy: null,
          },
          manager,
        );
        return null;
      }
      if ((await this.tokens.count(manager)) > 0) return null;
      const token = newTokenSecret();
      await this.tokens.insert(
        {
          hash: hashToken(token),
          prefix: displayPrefix(token),
          role: 'OFFICE',
          unitId: null,
          label: 'bootstrap',
          createdBy: null,
        },
        manager,
      );
      return token;
    });
    if (minted) {
      // Deliberately on stdout and only this once: the operator needs it, the database keeps only its hash.
      process.stdout.write(
        `\n  Rectify: no token existed, so an OFFICE token was generated. It is shown only now:\n\n    ${minted}\n\n` +
          `  Use it as "Authorization: Bearer <token>". Set RECTIFY_ADMIN_TOKEN to choose your own.\n\n`,
      );
      this.logger.log('bootstrap OFFICE token generated');
    }
  }
}

/** The SHA-256 of a `Bearer <token>` header's token, or null when the header is not one. */
function bearerHash(header: string | undefined): string | null {
  const match = header ? BEARER.exec(header) : null;
  return match ? hashToken(match[1]) : null;
}

export function toCaller(row: TokenRow): Caller {
  return {
    tokenId: row.id,
    role: row.role,
    unitId: row.unit_id,
    districtId: isCityRole(row.role) ? null : row.district_id,
    label: row.label ?? `${row.role}:${row.prefix}`,
    readOnly: row.screen,
  };
}
