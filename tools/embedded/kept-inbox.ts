import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FAKE_INBOX_PATH, InboxItem } from '@sitrep/vendor-fakes';

export const KEPT_INBOX_FILE = 'dev-inbox.json';

/** The newest this many items are kept: the file is rewritten after each delivery and must stay small. */
export const KEPT_INBOX_LIMIT = 2_000;

/**
 * How long after a delivery the file is written: a burst is written once, and a fan-out to thousands in
 * embedded mode rewrites it once a second, not once a message.
 */
const SAVE_AFTER_MS = 1_000;

/** What earlier runs received followed by this run's, the oldest dropped past the limit. */
export function keptItems(earlier: InboxItem[], current: InboxItem[], limit = KEPT_INBOX_LIMIT): InboxItem[] {
  const all = [...earlier, ...current];
  return all.length > limit ? all.slice(all.length - limit) : all;
}

interface InboxSource {
  inbox(): InboxItem[];
}

/**
 * The dev inbox across restarts. The bundled fakes hold what they received in memory, so a restart used to
 * empty the inbox; this keeps it in the data folder (written shortly after each delivery, and at stop) and
 * serves what earlier runs received as one more inbox source beside the fakes' own. The file holds
 * confirmation links and codes: it is the owner's only, like the rest of the folder.
 */
export class KeptInbox {
  private readonly file: string;
  private readonly earlier: InboxItem[];
  private readonly sources: InboxSource[] = [];
  private server: Server | null = null;
  private pending: NodeJS.Timeout | null = null;
  private written = '';

  constructor(dataDir: string) {
    this.file = join(dataDir, KEPT_INBOX_FILE);
    this.earlier = readKept(this.file);
    this.written = JSON.stringify(this.earlier);
  }

  /** Give to each fake as its onDelivered: schedules a write. */
  readonly delivered = (): void => {
    this.pending ??= setTimeout(() => {
      this.pending = null;
      this.save();
    }, SAVE_AFTER_MS).unref();
  };

  keep(source: InboxSource): void {
    this.sources.push(source);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url?.startsWith(FAKE_INBOX_PATH)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ items: this.earlier }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok());
    });
    this.server = server;
    return this;
  }

  /** Where comms' dev inbox reads what earlier runs received. */
  get inboxUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the kept inbox is not started');
    return `http://127.0.0.1:${address.port}${FAKE_INBOX_PATH}`;
  }

  /** Writes the file if anything changed; a temporary file renamed over it, so a crash leaves the old one whole. */
  save(): void {
    const text = JSON.stringify(keptItems(this.earlier, this.sources.flatMap((s) => s.inbox())));
    if (text === this.written) return;
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.written = text;
  }

  async stop(): Promise<void> {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.save();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

/** A missing or unreadable file is an empty inbox: the dev inbox is a convenience, never a reason not to start. */
function readKept(file: string): InboxItem[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? (parsed as InboxItem[]) : [];
  } catch {
    return [];
  }
}
