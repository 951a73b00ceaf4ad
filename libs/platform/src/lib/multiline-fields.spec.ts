import { z } from 'zod';
import { isMultilineField } from './multiline-fields';
import { ZodBodyPipe } from './zod-body.pipe';

const schema = z
  .object({
    name: z.string().trim().min(1).max(120),
    notes: z.string().trim().max(10_000).optional(),
    items: z.array(z.object({ text: z.string().max(5000), label: z.string() })).default([]),
    either: z.union([z.string().max(2000), z.number()]).optional(),
  })
  .strict()
  .refine(() => true);

describe('which fields hold multi-line text', () => {
  it('is the long free-text fields, through optional, default, arrays, unions and refinements', () => {
    expect(isMultilineField(schema, ['notes'])).toBe(true);
    expect(isMultilineField(schema, ['items', 3, 'text'])).toBe(true);
    expect(isMultilineField(schema, ['either'])).toBe(true);
    expect(isMultilineField(schema, ['name'])).toBe(false);
    expect(isMultilineField(schema, ['items', 0, 'label'])).toBe(false);
    expect(isMultilineField(schema, ['unknown'])).toBe(false);
  });

  it('makes ZodBodyPipe refuse a line break in a name with a 400 naming it, and keep it in notes', () => {
    const pipe = new ZodBodyPipe(schema);
    expect(pipe.transform({ name: 'Alice', notes: 'line one\r\nline two' })).toEqual({ name: 'Alice', notes: 'line one\r\nline two', items: [] });
    expect(() => pipe.transform({ name: 'Alice\r\nATTENDEE:mailto:x@example.com' })).toThrow(expect.objectContaining({ response: expect.objectContaining({ fields: [{ field: 'name', reason: 'must be one line without control characters' }] }) }));
    expect(() => pipe.transform({ name: 'ok', notes: 'a\u0000' })).toThrow(expect.objectContaining({ response: expect.objectContaining({ message: 'notes: must not contain a NUL character (U+0000)' }) }));
  });
});
