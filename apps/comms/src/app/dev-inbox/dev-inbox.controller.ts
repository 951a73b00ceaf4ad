import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '@sitrep/auth';
import { DELIVERY_RUNTIME, DeliveryRuntimeView } from '../delivery/delivery-runtime-view';

/** Embedded mode: anyone on the machine may look (the messages are the fakes', sent to nobody). */
@Controller('dev')
@Public()
export class PublicDevInboxController {
  constructor(@Inject(DELIVERY_RUNTIME) private readonly runtime: DeliveryRuntimeView) {}

  @Get('inbox')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  page() {
    return this.runtime.devInbox.page();
  }

  @Get('inbox.json')
  @Header('cache-control', 'no-store')
  json() {
    return this.runtime.devInbox.items();
  }
}

/** Distributed setup: the same page, for the admin token only. */
@Controller('dev')
export class AdminDevInboxController {
  constructor(@Inject(DELIVERY_RUNTIME) private readonly runtime: DeliveryRuntimeView) {}

  @Get('inbox')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  page() {
    return this.runtime.devInbox.page();
  }

  @Get('inbox.json')
  @Header('cache-control', 'no-store')
  json() {
    return this.runtime.devInbox.items();
  }
}
