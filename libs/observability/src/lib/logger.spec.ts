import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', { service: 'test' }, stream), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('keeps credentials and personal data out of log lines', () => {
    const { logger, text } = capture();
    const failed = Object.assign(new Error('duplicate key value violates unique constraint'), {
      query: 'INSERT INTO subscribers (email) VALUES ($1)',
      parameters: ['alice@example.com', 'hash-of-a-token'],
      driverError: { detail: 'Key (email)=(alice@example.com) already exists.', parameters: ['alice@example.com'] },
    });
    logger.error({ err: failed, email: 'bob@example.com', phone: '+14155550123', token: 'sitrep_secret', req: { headers: { authorization: 'Bearer sitrep_secret' } }, subscriber: { email: 'carol@example.com', password: 'hunter2' } }, 'failed');
    const out = text();
    for (const secret of ['alice@example.com', 'bob@example.com', 'carol@example.com', '+14155550123', 'sitrep_secret', 'hunter2', 'hash-of-a-token']) expect(out).not.toContain(secret);
    expect(out).toContain('INSERT INTO subscribers (email) VALUES ($1)');
    expect(out).toContain('[redacted]');
  });
});
