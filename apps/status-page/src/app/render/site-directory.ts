import { randomBytes } from 'node:crypto';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Prerendered, PrerenderedSite } from './prerendered-site';

/**
 * The file a document is written to: pages get `.html` (`/` is `index.html`, `/incidents/<id>` is
 * `incidents/<id>.html`), everything else keeps its path (`api/v2/summary.json`, `history.rss`). A front
 * maps a URL back with `try_files $uri $uri.html` (see docker/nginx/sitrep.conf).
 */
export function fileFor(path: string, contentType: string): string {
  if (path === '/') return 'index.html';
  const relative = path.replace(/^\/+/, '');
  return contentType.startsWith('text/html') ? `${relative}.html` : relative;
}

/** The headers a front should send with a document, one `Name: value` a line (what the status page itself sends). */
export function headerLines(resource: Prerendered): string {
  const lines: string[] = [];
  for (let i = 0; i + 1 < resource.headers200.length; i += 2) {
    const name = String(resource.headers200[i]);
    if (name !== 'Content-Length') lines.push(`${name}: ${String(resource.headers200[i + 1])}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes each rendered document and its headers to a folder that nginx serves, the way the fastest status
 * pages are served: nginx holds a spike Node cannot on a small machine, and keeps serving the last page if
 * the status page stops. Each file is written to a temporary name and renamed, so a reader never sees
 * half a document; only documents that changed since the last write are written. Nothing is written until
 * the model is loaded, so the folder never holds an empty page (nginx passes what it lacks on to Node).
 */
export class SiteDirectory {
  private written = new Map<string, Prerendered>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Queues a write of what `site` holds now; writes run one after another, the latest state last. */
  update(site: PrerenderedSite): void {
    if (!site.ready) return;
    const documents = site.paths().map((path) => [path, site.get(path)!] as const);
    this.writing = this.writing.then(() => this.write(documents)).catch((error: unknown) => this.logger.warn({ err: error, dir: this.dir }, 'cannot write the status page to its site folder'));
  }

  /** Resolves once every queued write is done. */
  async flushed(): Promise<void> {
    await this.writing;
  }

  private async write(documents: (readonly [string, Prerendered])[]): Promise<void> {
    const next = new Map<string, Prerendered>();
    for (const [path, resource] of documents) {
      next.set(path, resource);
      // The site keeps an unchanged document as the same object from render to render.
      if (this.written.get(path) === resource) continue;
      const file = join(this.dir, fileFor(path, resource.contentType));
      await mkdir(dirname(file), { recursive: true });
      // The file's time is the document's Last-Modified (assets: none, the epoch): nginx derives its own
      // Last-Modified and ETag from the time and size, so replicas' copies answer alike too.
      const time = resource.lastModified === null ? new Date(0) : new Date(resource.lastModified);
      await this.atomically(`${file}.headers`, headerLines(resource), time);
      await this.atomically(file, resource.body, time);
    }
    this.written = next;
  }

  private async atomically(file: string, data: string | Buffer, time: Date): Promise<void> {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, data);
    await utimes(temporary, time, time);
    await rename(temporary, file);
  }
}
