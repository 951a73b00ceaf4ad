import { BadRequestException, PipeTransform } from '@nestjs/common';
import { ZodError, ZodTypeAny, z } from 'zod';
import { findTextProblem } from '@sitrep/contracts';
import { isMultilineField } from './multiline-fields';

export interface FieldProblem {
  field: string;
  reason: string;
}

export function fieldProblems(error: ZodError, rootField = '(body)'): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || rootField, reason: issue.message }));
}

/**
 * Validates a request body against a zod schema; a bad body is a 400 naming each field and why. Text
 * fields obey the shared text rule first, single-line unless the schema allows them to be long.
 */
export class ZodBodyPipe<S extends ZodTypeAny> implements PipeTransform<unknown, z.infer<S>> {
  /** rootField names the value when it is not a body (a route parameter such as "role"). */
  constructor(
    private readonly schema: S,
    private readonly rootField = '(body)',
  ) {}

  transform(value: unknown): z.infer<S> {
    const text = findTextProblem(value, (path) => isMultilineField(this.schema, path), this.rootField);
    if (text) throw badRequest([text]);
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    throw badRequest(fieldProblems(parsed.error, this.rootField));
  }
}

function badRequest(fields: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: fields.map((f) => `${f.field}: ${f.reason}`).join('; '),
    fields,
  });
}
