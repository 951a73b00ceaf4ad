import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule, PlatformOptions } from '@sitrep/platform';
import type { SiteContext } from './render/page-html';
import { PrerenderedSite } from './render/prerendered-site';
import { CommsSubscribersClient } from './subscriptions/comms-subscribers.client';
import { SITE_CONTEXT, SUBSCRIPTIONS_LOGGER, SubscriptionsController } from './subscriptions/subscriptions.controller';

/**
 * What goes through Nest: the subscription forms, health and metrics. The pre-rendered pages and the
 * JSON API are answered before Nest's router (see installFastPath).
 */
@Module({})
export class StatusPageModule {
  static create(options: { platform: PlatformOptions; site: PrerenderedSite; siteContext: SiteContext; comms: CommsSubscribersClient; logger: Logger }): DynamicModule {
    return {
      module: StatusPageModule,
      imports: [PlatformModule.forApp(options.platform)],
      providers: [
        { provide: PrerenderedSite, useValue: options.site },
        { provide: SITE_CONTEXT, useValue: options.siteContext },
        { provide: CommsSubscribersClient, useValue: options.comms },
        { provide: SUBSCRIPTIONS_LOGGER, useValue: options.logger },
      ],
      controllers: [SubscriptionsController],
    };
  }
}
