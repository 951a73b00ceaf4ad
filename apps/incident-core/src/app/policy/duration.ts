import ms from 'ms';
import { z } from 'zod';

/** "90s", "15m", "2h", "48h" → milliseconds; anything else is refused with the reason. */
export const durationSchema = z
  .string()
  .refine((text) => /^\d+(\.\d+)?\s*(ms|s|m|h|d)$/.test(text.trim()) && ms(text.trim() as ms.StringValue) > 0, {
    message: 'must be a positive duration such as "90s", "15m", "2h" or "48h"',
  })
  .transform((text) => ms(text.trim() as ms.StringValue));

export function formatDuration(milliseconds: number): string {
  return ms(milliseconds, { long: true });
}

/** "2h", "90s", "15m": as durations are written in the policy. */
export function formatShortDuration(milliseconds: number): string {
  return ms(milliseconds);
}
