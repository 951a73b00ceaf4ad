import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SitrepEvent } from '@sitrep/contracts';
import { appendToOutbox } from '@sitrep/messaging';
import { CORE_SCHEMA } from '../core-schema';

export const OUTBOX_SIGNAL = Symbol('OutboxSignal');
/** Tells the relay in this process that a commit added outbox rows; a no-op when the relay runs elsewhere. */
export interface OutboxSignal {
  wake(): void;
}

export type RecordEvent = (event: SitrepEvent) => Promise<void>;

/** A state change and the events it causes, committed together. */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_SIGNAL) private readonly signal: OutboxSignal,
  ) {}

  async run<T>(work: (manager: EntityManager, record: RecordEvent) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) => work(manager, (event) => appendToOutbox(manager, CORE_SCHEMA, event)));
    this.signal.wake();
    return result;
  }
}
