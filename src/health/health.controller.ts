import { Controller, Get, HttpCode, Logger, type OnApplicationBootstrap, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

/** Whether PostgreSQL's row-level security binds the service's own database role (migration 1763900000042). */
interface RowSecurity {
  role: string;
  /** False for a superuser or a BYPASSRLS role: districts are then kept apart by the application's checks alone. */
  enforced: boolean;
}

const BYPASS_WARNING =
  'the service’s database role bypasses row-level security (a superuser or BYPASSRLS role): districts are kept apart ' +
  'by the application’s own checks only — connect as an ordinary role (DATABASE_URL)';

@Controller('health')
export class HealthController implements OnApplicationBootstrap {
  private readonly logger = new Logger('Health');
  private rowSecurity: RowSecurity | null = null;

  constructor(private readonly db: DataSource) {}

  /** Warns loudly at start when the role bypasses row security; /health repeats it in its details. */
  async onApplicationBootstrap(): Promise<void> {
    const [row] = (await this.db.query(
      `SELECT current_user AS role, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user`,
    )) as { role: string; bypasses: boolean }[];
    this.rowSecurity = { role: row.role, enforced: !row.bypasses };
    if (row.bypasses) this.logger.error(`WARNING: ${BYPASS_WARNING} (role ${row.role})`);
  }

  /** 200 only while the database answers; 503 otherwise, quickly. */
  @Get()
  @HttpCode(200)
  async health(@Res() res: FastifyReply): Promise<void> {
    const details =
      this.rowSecurity === null
        ? undefined
        : this.rowSecurity.enforced
          ? { rowSecurity: 'enforced' }
          : { rowSecurity: 'bypassed', warning: BYPASS_WARNING };
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      res.code(200).send({ status: 'ok', details });
    } catch {
      res.code(503).send({ status: 'unavailable', details });
    }
  }
}
