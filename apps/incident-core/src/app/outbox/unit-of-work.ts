import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxSignal, TransactionalOutbox } from '@sitrep/messaging';
import { CORE_SCHEMA } from '../core-schema';

export type { OutboxSignal, RecordEvent } from '@sitrep/messaging';
export const OUTBOX_SIGNAL = Symbol('OutboxSignal');

/** incident-core's transactional outbox: a state change and the events it causes, committed together. */
@Injectable()
export class UnitOfWork extends TransactionalOutbox {
  constructor(dataSource: DataSource, @Inject(OUTBOX_SIGNAL) signal: OutboxSignal) {
    super(dataSource, CORE_SCHEMA, signal);
  }
}
