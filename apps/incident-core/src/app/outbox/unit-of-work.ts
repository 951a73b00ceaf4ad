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
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.dataSource.transaction((manager) => work(manager, (event) => appendToOutbox(manager, CORE_SCHEMA, event)));
        this.signal.wake();
        return result;
      } catch (error) {
        // A deadlock or serialization failure rolled everything back; the whole unit can run again.
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  }
}
