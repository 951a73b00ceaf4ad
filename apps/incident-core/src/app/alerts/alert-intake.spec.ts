import { QueryFailedError } from 'typeorm';
import { retryable } from './alert-intake';

describe('which failed intake transactions run again', () => {
  const failure = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('failed'), { code }));

  it('retries a deadlock and a serialization failure, as PostgreSQL rolled them back whole', () => {
    expect(retryable(failure('40P01'))).toBe(true);
    expect(retryable(failure('40001'))).toBe(true);
  });

  it('does not retry anything else: a broken constraint or a refusal is an answer, not bad luck', () => {
    expect(retryable(failure('23505'))).toBe(false);
    expect(retryable(new Error('no code'))).toBe(false);
    expect(retryable(null)).toBe(false);
  });
});
