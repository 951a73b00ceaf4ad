import { Controller, Get, Inject, NotFoundException, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { EventBus, listDeadLetters, replayDeadLetter } from '@sitrep/messaging';

export const EVENT_BUS = Symbol('EventBus');

/** Operators see what consumers gave up on, and put it back once the cause is fixed. Admin only. */
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  @ApiOperation({ summary: 'List dead letters', description: 'Events a consumer could not handle, with the reason. Admin only.' })
  @Get()
  async list() {
    return { deadLetters: await listDeadLetters(this.bus) };
  }

  @ApiOperation({ summary: 'Replay a dead letter' })
  @Post(':sequence/replay')
  async replay(@Param('sequence', ParseIntPipe) sequence: number) {
    const replayed = await replayDeadLetter(this.bus, sequence);
    if (!replayed) throw new NotFoundException(`no dead letter at sequence ${sequence}`);
    return { replayed };
  }
}
