import { Controller, Get, Inject, Injectable, NestMiddleware, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AppMetrics } from '@sitrep/observability';
import type { Logger } from 'pino';
import { Roles } from '@sitrep/auth';

export const LOGGER = Symbol('Logger');

interface Req {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
  originalUrl?: string;
}
interface Resp {
  statusCode: number;
  on(event: 'finish', fn: () => void): void;
}

/** Counts and times every request, labelled by route pattern (not raw URL, to keep label cardinality low). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    @Inject(AppMetrics) private readonly metrics: AppMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  use(req: Req, res: Resp, next: () => void): void {
    const stop = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      const seconds = stop({ method: req.method, route });
      this.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      this.logger.debug({ method: req.method, url: req.originalUrl, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  }
}

interface ReplyLike {
  type(contentType: string): ReplyLike;
  send(body: string): void;
}

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(AppMetrics) private readonly metrics: AppMetrics) {}

  @Roles('viewer', 'automation', 'responder', 'comms_lead')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @Get()
  async scrape(@Res() reply: ReplyLike): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    reply.type(contentType).send(body);
  }
}
