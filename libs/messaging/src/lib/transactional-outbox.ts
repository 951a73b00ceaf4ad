import type { DataSource, EntityManager } from 'typeorm';
import type { SitrepEvent } from '@sitrep/contracts';
import { appendToOutbox } from './outbox';

export type RecordEvent = (event: SitrepEvent) => Promise<void>;

/** Tells the relay in this process that a commit added outbox rows; a no-op when the relay runs elsewhere. */
export interface OutboxSignal {
  wake(): void;
}

/**
 * A state change and the events it causes, committed together in one service's schema. A deadlock or
 * serialization failure rolls everything back, so the whole unit is simply run again (up to 3 times).
 */
export class TransactionalOutbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly signal: OutboxSignal,
  ) {}

  async run<T>(work: (manager: EntityManager, record: RecordEvent) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.dataSource.transaction((manager) => work(manager, (event) => appendToOutbox(manager, this.schema, event)));
        this.signal.wake();
        return result;
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  }
}
