import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { REDIS } from '@app/queue';
import { Public } from '../http/auth.guard';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '200 when PostgreSQL and Redis answer, 503 otherwise' })
  // the one answer whose status is chosen at run time: written on the reply (Fastify's or Express's)
  async check(@Res() res: { status(n: number): { send(b: unknown): void } }) {
    const [database, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2000).then(() => 'up', () => 'down'),
      withTimeout(this.redis.ping(), 2000).then(() => 'up', () => 'down'),
    ]);
    const ok = database === 'up' && redis === 'up';
    res.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database, redis });
  }
}
