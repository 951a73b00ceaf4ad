import { Writable } from 'node:stream';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { ProblemFilter } from './problem.filter';

function fakeResponse(headers: Record<string, string> = {}) {
  const state = { status: 0, body: undefined as unknown, headers: { ...headers } };
  const response = {
    status(code: number) {
      state.status = code;
      return response;
    },
    json(body: unknown) {
      state.body = body;
    },
    getHeaderNames: () => Object.keys(state.headers),
    getHeader: (name: string) => state.headers[name.toLowerCase()],
    setHeader: (name: string, value: string) => {
      state.headers[name.toLowerCase()] = value;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  return { state, host };
}

describe('ProblemFilter', () => {
  it('logs a failed query without its parameters (emails, token hashes) and answers a bare 500', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "subscribers_email_key"'), { code: '23505', constraint: 'subscribers_email_key', detail: 'Key (email)=(alice@example.com) already exists.' });
    const error = new QueryFailedError('INSERT INTO comms.subscribers (email, token_hash) VALUES ($1, $2)', ['alice@example.com', 'f00dfeedtokenhash'], driverError);
    const { state, host } = fakeResponse();
    new ProblemFilter(logger).catch(error, host);
    expect(state.status).toBe(500);
    const logged = lines.join('');
    expect(logged).not.toContain('alice@example.com');
    expect(logged).not.toContain('f00dfeedtokenhash');
    expect(logged).toContain('INSERT INTO comms.subscribers');
    expect(logged).toContain('23505');
  });

  it('answers a 429 with a standard Retry-After, from the throttler\'s named header', () => {
    const { state, host } = fakeResponse({ 'retry-after-burst': '42' });
    new ProblemFilter(pino({ level: 'silent' })).catch(new HttpException('ThrottlerException: Too Many Requests', HttpStatus.TOO_MANY_REQUESTS), host);
    expect(state.status).toBe(429);
    expect(state.headers['retry-after']).toBe('42');
  });
});
