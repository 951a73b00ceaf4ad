import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '@sitrep/auth';
import { DELIVERY_RUNTIME, DeliveryRuntimeView } from './delivery-runtime-view';

/** How far a communication's fan-out has got, per channel. */
@Controller('api/v1/communications')
export class DeliveriesController {
  constructor(@Inject(DELIVERY_RUNTIME) private readonly runtime: DeliveryRuntimeView) {}

  @ApiOperation({ summary: 'Count a communication\'s deliveries', description: 'Per channel and state, from the delivery ledger.' })
  @Get(':id/deliveries')
  @Roles('comms_lead', 'responder', 'viewer', 'automation')
  async deliveries(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string) {
    const progress = await this.runtime.progress(id);
    if (!progress) throw new NotFoundException(`communication ${id} has not been published (no fan-out recorded)`);
    return progress;
  }
}
