import { MULTILINE_MIN_LENGTH } from '@sitrep/contracts';
import { ZodArray, ZodDefault, ZodDiscriminatedUnion, ZodEffects, ZodIntersection, ZodLazy, ZodNullable, ZodObject, ZodOptional, ZodPipeline, ZodRecord, ZodString, ZodTypeAny, ZodUnion } from 'zod';

/** The schema under wrappers that do not change what is stored (optional, default, refinements…). */
function unwrap(schema: ZodTypeAny): ZodTypeAny {
  for (;;) {
    if (schema instanceof ZodOptional || schema instanceof ZodNullable) schema = schema.unwrap();
    else if (schema instanceof ZodDefault) schema = schema._def.innerType;
    else if (schema instanceof ZodEffects) schema = schema.innerType();
    else if (schema instanceof ZodPipeline) schema = schema._def.in;
    else if (schema instanceof ZodLazy) schema = schema.schema;
    else return schema;
  }
}

/** The schemas a path may lead to (several under a union). */
function schemasAt(schema: ZodTypeAny, path: (string | number)[]): ZodTypeAny[] {
  const s = unwrap(schema);
  if (s instanceof ZodUnion || s instanceof ZodDiscriminatedUnion) return (s.options as ZodTypeAny[]).flatMap((o) => schemasAt(o, path));
  if (s instanceof ZodIntersection) return [...schemasAt(s._def.left, path), ...schemasAt(s._def.right, path)];
  if (path.length === 0) return [s];
  const [head, ...rest] = path;
  if (s instanceof ZodObject) {
    const next = (s.shape as Record<string, ZodTypeAny>)[String(head)];
    return next ? schemasAt(next, rest) : [];
  }
  if (s instanceof ZodArray) return schemasAt(s.element, rest);
  if (s instanceof ZodRecord) return schemasAt(s.valueSchema, rest);
  return [];
}

/**
 * Whether the field at `path` holds multi-line text: a string the schema allows to be long (notes,
 * summaries, messages). Names, emails, titles, references and anything unknown are single-line.
 */
export function isMultilineField(schema: ZodTypeAny, path: (string | number)[]): boolean {
  return schemasAt(schema, path).some((s) => s instanceof ZodString && (s.maxLength ?? 0) >= MULTILINE_MIN_LENGTH);
}
