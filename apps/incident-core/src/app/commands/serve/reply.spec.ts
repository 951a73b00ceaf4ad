import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { decodeRequest, refusalReply } from './reply';

describe('replies to refused requests', () => {
  it('carries the status, message and fields the HTTP API answers with', () => {
    const bad = new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'amount: must be more than 0', fields: [{ field: 'amount', reason: 'must be more than 0' }] });
    expect(refusalReply(bad)).toEqual({ ok: false, status: 400, message: 'amount: must be more than 0', fields: [{ field: 'amount', reason: 'must be more than 0' }] });
    expect(refusalReply(new ForbiddenException('only the incident commander (Alice Okoro) may close the incident'))).toEqual({
      ok: false,
      status: 403,
      message: 'only the incident commander (Alice Okoro) may close the incident',
    });
    expect(refusalReply(new ConflictException({ statusCode: 409, error: 'Conflict', message: 'cannot close: not yet' }))).toEqual({ ok: false, status: 409, message: 'cannot close: not yet' });
    expect(refusalReply(new NotFoundException('no incident with id x'))).toMatchObject({ status: 404, message: 'no incident with id x' });
  });

  it('hides the detail of an unexpected error', () => {
    expect(refusalReply(new Error('relation "core.x" does not exist'))).toEqual({ ok: false, status: 500, message: 'incident-core could not handle the request; the error is in its log' });
  });

  it('refuses a body that is not JSON with a 400', () => {
    expect(decodeRequest(Buffer.from('{nope'))).toMatchObject({ ok: false, reply: { status: 400, fields: [{ field: '(body)' }] } });
    expect(decodeRequest(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });
});
