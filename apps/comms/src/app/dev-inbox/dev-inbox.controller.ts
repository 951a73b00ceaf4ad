import { Controller, Get, Header, Inject, Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '@sitrep/auth';
import { DELIVERY_RUNTIME, DeliveryRuntimeView } from '../delivery/delivery-runtime-view';

/**
 * The dev inbox page and its JSON. Embedded mode makes it public (anyone on the machine may look: the
 * messages are the fakes', sent to nobody); the distributed setup keeps it for the admin token.
 */
export function devInboxController(isPublic: boolean): Type<unknown> {
  @Controller('dev')
  class DevInboxController {
    constructor(@Inject(DELIVERY_RUNTIME) private readonly runtime: DeliveryRuntimeView) {}

    @ApiOperation({ summary: 'Show the dev inbox', description: 'What the bundled fakes received (email, SMS, Slack), newest first. Embedded mode only.' })
    @Get('inbox')
    @Header('content-type', 'text/html; charset=utf-8')
    @Header('cache-control', 'no-store')
    page() {
      return this.runtime.devInbox.page();
    }

    @ApiOperation({ summary: 'Get the dev inbox as JSON' })
    @Get('inbox.json')
    @Header('cache-control', 'no-store')
    json() {
      return this.runtime.devInbox.items();
    }
  }
  if (isPublic) Public()(DevInboxController);
  return DevInboxController;
}
