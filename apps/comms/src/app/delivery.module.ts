import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { DeliveriesController } from './delivery/deliveries.controller';
import { DELIVERY_RUNTIME, DeliveryRuntimeView } from './delivery/delivery-runtime-view';
import { devInboxController } from './dev-inbox/dev-inbox.controller';
import { DevInboxAccess } from './dev-inbox/dev-inbox-policy';
import { SubscribersController } from './subscribers/subscribers.controller';
import { TwilioWebhooksController } from './twilio/twilio-webhooks.controller';

export interface DeliveryModuleOptions {
  runtime: DeliveryRuntimeView;
  /** Who may read /dev/inbox (devInboxAccess); off: the route does not exist. */
  devInbox: DevInboxAccess;
}

/**
 * Subscribers, the Twilio webhooks, delivery progress and the dev inbox. The public routes carry a burst
 * limit per client address (120 a minute per route); the hourly limits per address, destination and
 * number range live in the subscribers service, in the database, so every comms process shares them.
 */
@Module({})
export class DeliveryModule {
  static create(options: DeliveryModuleOptions): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [ThrottlerModule.forRoot([{ name: 'burst', ttl: 60_000, limit: 120 }])],
      controllers: [
        SubscribersController,
        TwilioWebhooksController,
        DeliveriesController,
        ...(options.devInbox === 'off' ? [] : [devInboxController(options.devInbox === 'public')]),
      ],
      providers: [{ provide: DELIVERY_RUNTIME, useValue: options.runtime }],
    };
  }
}
