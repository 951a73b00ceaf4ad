import type { ZodTypeAny, z } from 'zod';
import { CommandName, CommandReply, QueryName, commandReplySchema, commandSubject, querySubject } from '@sitrep/contracts';

/** The request/reply half of the event bus: all the command client needs. */
export interface RequestReply {
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
}

/**
 * incident-core answered a query with a result its contract schema does not accept: the two services
 * disagree on the contract (one was deployed without the other). Thrown, never papered over, so the
 * drift shows in the logs at once instead of as a half-read answer.
 */
export class QueryReplyMismatch extends Error {
  constructor(
    readonly query: QueryName,
    readonly problems: string[],
  ) {
    super(`incident-core's answer to queries.${query} does not match the contract in libs/contracts: ${problems.join('; ')}`);
    this.name = 'QueryReplyMismatch';
  }
}

/**
 * How comms asks incident-core to change an incident: one command on `commands.<name>`, with the person
 * acting. comms never decides whether they may; the reply says, with the API's status and reason.
 */
export interface CommandClient {
  run(command: CommandName, personId: string, incidentId: string | undefined, input: unknown): Promise<CommandReply>;
  /**
   * A read-only query on `queries.<name>`: its result, parsed with the query's schema from libs/contracts;
   * null when refused or not answered; QueryReplyMismatch when the answer does not fit the schema.
   */
  query<S extends ZodTypeAny>(name: QueryName, request: unknown, schema: S): Promise<z.infer<S> | null>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A refusal for when incident-core did not answer: nothing was changed, and the person is told so. */
export const NO_ANSWER = (message: string): CommandReply => ({ ok: false, status: 503, message });

export class BusCommandClient implements CommandClient {
  constructor(
    private readonly bus: RequestReply,
    private readonly noAnswer: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async run(command: CommandName, personId: string, incidentId: string | undefined, input: unknown): Promise<CommandReply> {
    try {
      const request = { actor: { personId, via: 'slack' as const }, ...(incidentId ? { incidentId } : {}), input };
      const reply = await this.bus.request(commandSubject(command), encoder.encode(JSON.stringify(request)), this.timeoutMs);
      const parsed = commandReplySchema.safeParse(JSON.parse(decoder.decode(reply)));
      return parsed.success ? parsed.data : NO_ANSWER(this.noAnswer);
    } catch {
      return NO_ANSWER(this.noAnswer);
    }
  }

  async query<S extends ZodTypeAny>(name: QueryName, request: unknown, schema: S): Promise<z.infer<S> | null> {
    let raw: unknown;
    try {
      raw = JSON.parse(decoder.decode(await this.bus.request(querySubject(name), encoder.encode(JSON.stringify(request)), this.timeoutMs)));
    } catch {
      return null;
    }
    const reply = commandReplySchema.safeParse(raw);
    if (!reply.success) throw new QueryReplyMismatch(name, reply.error.issues.map((i) => `${i.path.join('.') || '(reply)'}: ${i.message}`));
    if (!reply.data.ok) return null;
    const result = schema.safeParse(reply.data.result);
    if (!result.success) throw new QueryReplyMismatch(name, result.error.issues.map((i) => `${i.path.join('.') || '(result)'}: ${i.message}`));
    return result.data;
  }
}
