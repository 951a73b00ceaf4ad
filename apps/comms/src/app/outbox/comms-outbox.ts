import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxSignal, TransactionalOutbox } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';

export type { OutboxSignal, RecordEvent } from '@sitrep/messaging';
export const COMMS_OUTBOX_SIGNAL = Symbol('CommsOutboxSignal');

/**
 * comms' transactional outbox (table comms.outbox): a state change and the events it causes commit
 * together, and the relay started in start-comms.ts publishes them.
 */
@Injectable()
export class CommsOutbox extends TransactionalOutbox {
  constructor(dataSource: DataSource, @Inject(COMMS_OUTBOX_SIGNAL) signal: OutboxSignal) {
    super(dataSource, COMMS_SCHEMA, signal);
  }
}
