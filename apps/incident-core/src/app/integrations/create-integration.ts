import { z } from 'zod';
import { parseMatcher } from '../alerts/alert-rules';

const matcher = z.string().max(500).refine((text) => parseMatcher(text) !== null, 'must be a label matcher such as service="checkout" (=, !=, =~ or !~, value in double quotes)');

export const componentMatchersSchema = z
  .array(
    z
      .object({
        /** All of them must match an alert's labels for the alert to be on the component. */
        matchers: z.array(matcher).min(1, 'give at least one matcher').max(20),
        componentId: z.string().uuid('must be a component id (a UUID)'),
      })
      .strict(),
  )
  .max(500);

export const createIntegrationBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    kind: z.enum(['alertmanager', 'grafana', 'generic']),
    componentMatchers: componentMatchersSchema.default([]),
  })
  .strict();
export type CreateIntegrationBody = z.infer<typeof createIntegrationBody>;

export const componentMatchersBody = z.object({ componentMatchers: componentMatchersSchema }).strict();
