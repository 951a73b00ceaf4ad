import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The three methods PGLiteSocketHandler calls on its queue (SessionQueue implements them). */
export interface ProtocolQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

type Phase =
  | { phase: 'password'; startup: Uint8Array; user: string; salt: Buffer }
  | { phase: 'ready' }
  | { phase: 'refused' };

const PROTOCOL_3 = 196608;
const PASSWORD_MESSAGE = 0x70; // 'p'

/**
 * Password authentication in front of PGlite, which has none (nor does pglite-socket): PGlite would answer
 * any startup packet with AuthenticationOk. Each connection's startup packet is held back; the client is
 * asked for an MD5 password (which `pg`, psql and every driver answer), and only when the user and password
 * match is the startup packet passed on to the session. Anything else ends the connection with
 * 28P01 "password authentication failed", as PostgreSQL says it.
 */
export class PasswordGate implements ProtocolQueue {
  private readonly connections = new Map<number, Phase>();

  constructor(
    private readonly inner: ProtocolQueue,
    private readonly credentials: { user: string; password: string },
    /** Ends a refused connection once the error is written (the handler sees the socket close). */
    private readonly close: (handlerId: number) => void,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const state = this.connections.get(handlerId);
    if (state?.phase === 'ready') return this.inner.enqueue(handlerId, message, onData);
    if (state?.phase === 'refused') return Promise.resolve(0);
    if (!state) {
      const user = startupUser(message);
      if (user === null) return this.refuse(handlerId, onData, 'expected a startup message');
      const salt = randomBytes(4);
      this.connections.set(handlerId, { phase: 'password', startup: message, user, salt });
      return this.reply(onData, md5PasswordRequest(salt));
    }
    if (message[0] !== PASSWORD_MESSAGE) return this.refuse(handlerId, onData, `password authentication failed for user "${state.user}"`);
    const answer = Buffer.from(message.subarray(5)).toString('utf8').replace(/\0$/, '');
    const expected = `md5${md5(md5(this.credentials.password + this.credentials.user) + state.salt.toString('latin1'))}`;
    if (state.user !== this.credentials.user || !sameText(answer, expected)) {
      return this.refuse(handlerId, onData, `password authentication failed for user "${state.user}"`);
    }
    this.connections.set(handlerId, { phase: 'ready' });
    // PGlite answers the held-back startup packet with AuthenticationOk, the parameters and ReadyForQuery.
    return this.inner.enqueue(handlerId, state.startup, onData);
  }

  clearQueueForHandler(handlerId: number): void {
    this.inner.clearQueueForHandler(handlerId);
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    const ready = this.connections.get(handlerId)?.phase === 'ready';
    this.connections.delete(handlerId);
    if (ready) await this.inner.clearTransactionIfNeeded(handlerId);
  }

  private reply(onData: (data: Uint8Array) => void, bytes: Buffer): Promise<number> {
    onData(bytes);
    return Promise.resolve(bytes.length);
  }

  private refuse(handlerId: number, onData: (data: Uint8Array) => void, text: string): Promise<number> {
    this.connections.set(handlerId, { phase: 'refused' });
    const written = this.reply(onData, errorResponse('28P01', text));
    this.close(handlerId);
    return written;
  }
}

const md5 = (text: string) => createHash('md5').update(text, 'latin1').digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The user of a protocol-3 startup packet (length, version, then name/value pairs); null if it is not one. */
export function startupUser(message: Uint8Array): string | null {
  const bytes = Buffer.from(message);
  if (bytes.length < 8 || bytes.readInt32BE(0) !== bytes.length || bytes.readInt32BE(4) !== PROTOCOL_3) return null;
  const fields = bytes.subarray(8).toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'user') return fields[i + 1];
  return null;
}

function md5PasswordRequest(salt: Buffer): Buffer {
  const message = Buffer.alloc(13);
  message.write('R', 0, 'latin1');
  message.writeInt32BE(12, 1);
  message.writeInt32BE(5, 5); // AuthenticationMD5Password
  salt.copy(message, 9);
  return message;
}

function errorResponse(code: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
