import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { AppConfig, CONFIG } from '@app/config';
import { REDIS } from '@app/queue';
import { Public } from '../http/auth.guard';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { enum: ['ok', 'unavailable'] },
    database: { enum: ['up', 'down'] },
    redis: { enum: ['up', 'down'], description: 'when the queues run on Redis' },
    queues: { enum: ['up', 'down'], description: 'when the queues run on PostgreSQL (REDIS_URL=embedded): their schema answers' },
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '200 when PostgreSQL and the queues (Redis, or their PostgreSQL schema) answer, 503 otherwise' })
  @ApiOkResponse({ description: 'both answer', schema: HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or the queues do not answer within 2 s (this body, not the error shape)', schema: HEALTH_SCHEMA })
  // the one answer whose status is chosen at run time: written on Fastify's reply
  async check(@Res() res: FastifyReply) {
    const up = (probe: Promise<unknown>) => withTimeout(probe, 2000).then(() => 'up' as const, () => 'down' as const);
    const redis = this.redis;
    const [database, queues] = await Promise.all([
      up(this.dataSource.query('SELECT 1')),
      // REDIS_URL=embedded: the queues' schema, as the API's role reads it (BullMQ's ledger)
      redis ? up(redis.ping()) : up(this.dataSource.query(`SELECT 1 FROM "${this.config.queueSchema}".migration LIMIT 1`)),
    ]);
    const ok = database === 'up' && queues === 'up';
    res.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database, ...(redis ? { redis: queues } : { queues }) });
  }
}
