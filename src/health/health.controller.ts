import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  /** 200 only while the database answers; 503 otherwise, quickly. */
  @Get()
  @HttpCode(200)
  async health(@Res() res: FastifyReply): Promise<void> {
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      res.code(200).send({ status: 'ok' });
    } catch {
      res.code(503).send({ status: 'unavailable' });
    }
  }
}
