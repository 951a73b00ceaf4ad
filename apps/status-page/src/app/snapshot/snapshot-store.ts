import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { ReadModelState } from '../read-model/status-read-model';

export const SNAPSHOT_FILE = 'status-page-snapshot.json';

/**
 * Where in the event stream a model stands: every event up to each consumer's sequence is in it. A
 * replica that starts from the snapshot reads only what came after, so start-up does not grow with history.
 */
export interface StreamPositions {
  streamId: string;
  sequences: Record<string, number>;
}

interface SnapshotFile {
  /** The deployment namespace it was built in: a snapshot of another deployment is never served. */
  namespace: string;
  savedAt: string;
  state: ReadModelState;
  /** Absent in snapshots written before positions were kept: those are only served while NATS is down. */
  position?: StreamPositions;
}

export interface LoadedSnapshot {
  state: ReadModelState;
  savedAt: string;
  position: StreamPositions | null;
}

function validPosition(position: unknown): position is StreamPositions {
  const p = position as StreamPositions | undefined;
  return typeof p?.streamId === 'string' && typeof p.sequences === 'object' && p.sequences !== null && Object.values(p.sequences).every((n) => Number.isSafeInteger(n) && n >= 0);
}

/**
 * The read model on disk, so a status page that cold-starts while NATS is unreachable can still serve
 * the last known page. Written on each render through a temporary file and a rename, so a reader (or a
 * crash) never sees half a file; writes are coalesced, the latest state wins.
 */
export class SnapshotStore {
  readonly path: string;
  private writing: Promise<void> | null = null;
  private pending: { state: ReadModelState; position: StreamPositions | null } | null = null;

  constructor(
    dataDir: string,
    private readonly namespace: string,
    private readonly logger: Logger,
  ) {
    this.path = join(dataDir, SNAPSHOT_FILE);
  }

  async load(): Promise<LoadedSnapshot | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn({ err: error, path: this.path }, 'cannot read the status-page snapshot');
      return null;
    }
    try {
      const file = JSON.parse(text) as SnapshotFile;
      if (file.namespace !== this.namespace) {
        this.logger.warn({ path: this.path, namespace: file.namespace, expected: this.namespace }, 'ignoring a status-page snapshot of another namespace');
        return null;
      }
      if (file.state?.version !== 1 || !Array.isArray(file.state.components) || !Array.isArray(file.state.reports)) throw new Error('not a version 1 snapshot');
      return { state: file.state, savedAt: file.savedAt, position: validPosition(file.position) ? file.position : null };
    } catch (error) {
      this.logger.warn({ err: error, path: this.path }, 'ignoring an unreadable status-page snapshot');
      return null;
    }
  }

  save(state: ReadModelState, position: StreamPositions | null): void {
    this.pending = { state, position };
    if (!this.writing) this.writing = this.drain();
  }

  /** Resolves once everything handed to save() is on disk. */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const { state, position } = this.pending;
        this.pending = null;
        const file: SnapshotFile = { namespace: this.namespace, savedAt: new Date().toISOString(), state, ...(position ? { position } : {}) };
        // Replicas may share the folder (one volume in compose), and containers' pids repeat: a random name each.
        const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        try {
          await mkdir(dirname(this.path), { recursive: true });
          await writeFile(temporary, JSON.stringify(file));
          await rename(temporary, this.path);
        } catch (error) {
          this.logger.warn({ err: error, path: this.path }, 'cannot write the status-page snapshot');
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
