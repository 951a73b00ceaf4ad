import { createHash } from 'node:crypto';

export interface Prerendered {
  body: Buffer;
  etag: string;
  contentType: string;
  lastModified: string;
}

/**
 * The bytes the status page serves, rendered once per change rather than once per request: during an
 * outage thousands of readers refresh the same few documents.
 */
export class PrerenderedSite {
  private resources = new Map<string, Prerendered>();

  replace(documents: Record<string, { body: string; contentType: string }>, at: Date): void {
    const next = new Map<string, Prerendered>();
    for (const [path, doc] of Object.entries(documents)) {
      const body = Buffer.from(doc.body, 'utf8');
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      next.set(path, { body, etag, contentType: doc.contentType, lastModified: at.toUTCString() });
    }
    this.resources = next;
  }

  get(path: string): Prerendered | undefined {
    return this.resources.get(path);
  }

  get loaded(): boolean {
    return this.resources.size > 0;
  }
}
