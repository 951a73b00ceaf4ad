import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const SYNC = 0x53; // 'S': ends an extended-protocol exchange (Parse/Bind/Describe/Execute…)
const QUERY = 0x51; // 'Q': a simple query is a whole exchange
const TERMINATE = 0x58; // 'X'
const STARTUP = 0x00; // startup packets carry no type byte; their first byte is the length's

/**
 * Decides which connection's protocol message PGlite's single session runs next.
 *
 * pglite-socket's own queue keeps a connection's messages together only inside a transaction; outside
 * one it interleaves them, so a Parse from one connection can land between another's Parse and Bind
 * ("bind message supplies 2 parameters…", "portal does not exist"). Here a connection keeps the session
 * from its first message until it ends the exchange (Sync or a simple Query) outside a transaction.
 * It implements the three methods PGLiteSocketHandler calls.
 */
export class SessionQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (index === -1) return; // the owner has more to send; the others wait for it
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          item.reject(error);
          continue;
        }
        const type = item.message[0];
        const exchangeOver = type === SYNC || type === QUERY || type === TERMINATE || type === STARTUP;
        this.owner = exchangeOver && !this.db.isInTransaction() ? null : item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].handlerId === handlerId) this.queue.splice(i, 1)[0].reject(new Error('connection closed'));
    }
  }

  /** A connection that goes away mid-transaction or mid-exchange gives the session back. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.process();
  }
}
