import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';

/** The refusals every command gives, in the shape the HTTP API has always answered with. */
export function badField(field: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: ${reason}`, fields: [{ field, reason }] });
}

export function conflict(message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message });
}

export function forbidden(reason: string): ForbiddenException {
  return new ForbiddenException(reason);
}
