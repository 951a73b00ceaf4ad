import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '@sitrep/auth';

export const READINESS_CHECKS = Symbol('ReadinessChecks');

/** A named probe for /health/ready: the database, the bus, the read model. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

interface ReplyLike {
  status(code: number): ReplyLike;
  json(body: unknown): void;
}

@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @ApiOperation({ summary: 'Liveness' })
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'Readiness', description: '503 until the database and the event bus answer.' })
  @Get('ready')
  async ready(@Res() reply: ReplyLike): Promise<void> {
    const results = await Promise.all(
      this.checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
    );
    const ready = results.every(([, ok]) => ok);
    reply.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  }
}

