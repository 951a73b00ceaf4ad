import { z } from 'zod';

const componentIds = z.array(z.string().uuid('must be component ids (UUIDs)')).max(200, 'at most 200 components').optional();

/** POST /api/v1/subscribers: an email address or a phone number, and optionally the components to follow. */
export const subscribeBody = z
  .object({
    email: z.string().max(320, 'must be at most 320 characters').optional(),
    phone: z.string().max(32, 'must be at most 32 characters').optional(),
    /** Omitted or empty: the whole page. */
    componentIds,
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.email === undefined && body.phone === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['email'], message: 'give an email address or a phone number' });
    if (body.email !== undefined && body.phone !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['phone'], message: 'give an email address or a phone number, not both (subscribe twice for both)' });
  });
export type SubscribeBody = z.infer<typeof subscribeBody>;

export const confirmSmsBody = z.object({ phone: z.string().min(1).max(32), code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the text message') }).strict();
export type ConfirmSmsBody = z.infer<typeof confirmSmsBody>;

export const listSubscribersQuery = z
  .object({
    q: z.string().trim().max(320).optional(),
    state: z.enum(['pending', 'confirmed', 'unsubscribed']).optional(),
    channel: z.enum(['email', 'sms']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.string().uuid('must be the id of the last subscriber of the previous page').optional(),
  })
  .strict();
export type ListSubscribersQuery = z.infer<typeof listSubscribersQuery>;
