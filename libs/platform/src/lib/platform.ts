import { DynamicModule, MiddlewareConsumer, Module, NestModule, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { TOKEN_STORE, TokenGuard, TokenStore } from '@sitrep/auth';
import type { EventBus } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { DeadLettersController, EVENT_BUS } from './dead-letters.controller';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from './health';
import { HttpMetricsMiddleware, LOGGER, MetricsController } from './metrics';
import { ProblemFilter } from './problem.filter';
import { NestPinoLogger } from './nest-pino-logger';
import { OpenApiOptions, setupOpenApi } from './openapi';
import { securityHeaders } from './security-headers';
import { TextRuleInterceptor } from './text-rule.interceptor';
import { keepRawBodyAndRefuseInvalidUtf8 } from './utf8-body';

export interface PlatformOptions {
  logger: Logger;
  metrics: AppMetrics;
  bus: EventBus;
  readiness: ReadinessCheck[];
  /** Absent on the public status page: its routes need no token. */
  tokenStore?: TokenStore;
  /** Mount the admin dead-letter routes (needs a token store). */
  deadLetters?: boolean;
}

/** What every Sitrep app has: health, metrics, errors as JSON, and (internal apps) the token guard. */
@Module({})
export class PlatformModule implements NestModule {
  static forApp(options: PlatformOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: LOGGER, useValue: options.logger },
      { provide: AppMetrics, useValue: options.metrics },
      { provide: EVENT_BUS, useValue: options.bus },
      { provide: READINESS_CHECKS, useValue: options.readiness },
      { provide: APP_FILTER, useValue: new ProblemFilter(options.logger) },
      { provide: APP_INTERCEPTOR, useClass: TextRuleInterceptor },
      HttpMetricsMiddleware,
    ];
    // Without a token store (the public status page) there is no guard, and /metrics is public too.
    const controllers: DynamicModule['controllers'] = [HealthController, MetricsController];
    if (options.tokenStore) {
      providers.push({ provide: TOKEN_STORE, useValue: options.tokenStore }, { provide: APP_GUARD, useClass: TokenGuard });
      if (options.deadLetters) controllers.push(DeadLettersController);
    }
    return { module: PlatformModule, global: true, providers, controllers, exports: [LOGGER, AppMetrics, EVENT_BUS] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}

export interface HttpApp {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

export async function listenHttpApp(
  module: DynamicModule,
  logger: Logger,
  host: string,
  port: number,
  openApi?: OpenApiOptions,
  /** Hops whose X-Forwarded-For sets request.ip (the app's own TRUSTED_PROXIES); anyone else is the client. */
  trustedProxies: string[] = ['loopback'],
): Promise<HttpApp> {
  // Nest's own parsers, with a verify hook that keeps the raw bytes (signed webhooks: incident-core's generic
  // alert receiver, Slack's requests to comms, verify the bytes as sent) and refuses bytes that are not UTF-8
  // before anything decodes them.
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: new NestPinoLogger(logger), bodyParser: false });
  app.useBodyParser('json', { verify: keepRawBodyAndRefuseInvalidUtf8 });
  app.useBodyParser('urlencoded', { extended: true, verify: keepRawBodyAndRefuseInvalidUtf8 });
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.set('trust proxy', trustedProxies);
  if (openApi) setupOpenApi(app, openApi);
  await app.init();
  const server = app.getHttpServer();
  // A deep accept queue: during an outage a thousand readers connect at once, and with Node's default
  // of 511 the overflow waits out SYN retransmits (1 s, 3 s…) before it is even accepted.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { app, url: `http://${shownHost}:${actualPort}`, close: () => closeHttpApp(app, server) };
}

/** How long requests in flight at a stop may take to finish before their connections are cut. */
const HTTP_CLOSE_GRACE_MS = 5_000;

/**
 * Stops taking connections, lets the requests in flight finish (idle keep-alive connections are closed at
 * once), then runs the app's shutdown hooks. A connection still open after the grace (a stream nobody ended,
 * a client that never reads) is cut: a browser left open must not keep a stop waiting.
 */
async function closeHttpApp(app: NestExpressApplication, server: Server, graceMs = HTTP_CLOSE_GRACE_MS): Promise<void> {
  const cut = setTimeout(() => server.closeAllConnections(), graceMs).unref();
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
