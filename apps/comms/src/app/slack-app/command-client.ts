import { CommandName, CommandReply, commandReplySchema, commandSubject } from '@sitrep/contracts';

/** The request/reply half of the event bus: all the command client needs. */
export interface RequestReply {
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
}

/**
 * How comms asks incident-core to change an incident: one command on `commands.<name>`, with the person
 * acting. comms never decides whether they may; the reply says, with the API's status and reason.
 */
export interface CommandClient {
  run(command: CommandName, personId: string, incidentId: string | undefined, input: unknown): Promise<CommandReply>;
  /** A read-only query on `queries.<name>`: its result, or null when refused or not answered. */
  query<T>(name: string, request: unknown): Promise<T | null>;
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

  async query<T>(name: string, request: unknown): Promise<T | null> {
    try {
      const reply = await this.bus.request(`queries.${name}`, encoder.encode(JSON.stringify(request)), this.timeoutMs);
      const parsed = commandReplySchema.safeParse(JSON.parse(decoder.decode(reply)));
      return parsed.success && parsed.data.ok ? (parsed.data.result as T) : null;
    } catch {
      return null;
    }
  }
}
