import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import { STATUS_PAGE_ANSWERS, STATUS_PAGE_STARTING_RETRY_AFTER_SECONDS } from '@sitrep/contracts';

/** Short freshness for readers, long staleness allowances so caches keep answering if we cannot. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30, stale-if-error=86400';
/** Assets are linked with a content hash in the query string, so they may be kept for long. */
export const ASSET_CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800, stale-if-error=604800';

export type DocumentKind = 'html' | 'json' | 'feed' | 'asset';

/** One document as rendered: plain data, so it can also be sent to HTTP worker processes. */
export interface SiteDocument {
  body: string;
  contentType: string;
  kind: DocumentKind;
  /** When what it shows last changed (ISO), if not the site's data time; assets have none. */
  lastModified?: string;
}

/**
 * A document the site renders only when someone asks for it (a past incident's page): synchronously where
 * the model is (the primary), over IPC from an HTTP worker. null: there is no such page.
 */
export type LazyDocuments = (path: string) => SiteDocument | null | Promise<SiteDocument | null>;

export interface SiteMeta {
  /** Components the subscribe forms may name. */
  componentIds: string[];
  /** Content-Security-Policy of the HTML pages. */
  contentSecurityPolicy: string;
}

export interface Prerendered {
  body: Buffer;
  etag: string;
  contentType: string;
  /** An HTTP date derived from the data (never from the process), so replicas send the same; null for assets. */
  lastModified: string | null;
  /** Flat [name, value, ...] lists, ready for writeHead. */
  headers200: OutgoingHttpHeader[];
  headers304: OutgoingHttpHeader[];
  /** The text it was made from, and its kind: an unchanged document is kept as it is at the next render. */
  source: string;
  kind: DocumentKind;
}

const API_PREFIX = '/api/';
const ASSET_PREFIX = '/assets/';
const TEXT = 'text/plain; charset=utf-8';

/** What the site may answer without a page of its own; never kept by a cache (the next answer will differ). */
function plainAnswer(res: ServerResponse, status: number, text: string, head: boolean, extra: OutgoingHttpHeader[] = []): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, ['Cache-Control', 'no-store', 'Content-Type', TEXT, 'Content-Length', String(body.length), 'X-Content-Type-Options', 'nosniff', ...extra]);
  res.end(head ? undefined : body);
}

function headersFor(path: string, kind: DocumentKind, etag: string, lastModified: string | null, contentType: string, length: number, meta: SiteMeta) {
  const common: string[] = [
    'Cache-Control', kind === 'asset' ? ASSET_CACHE_CONTROL : PUBLIC_CACHE_CONTROL,
    'ETag', etag,
    ...(lastModified === null ? [] : ['Last-Modified', lastModified]),
    'Vary', 'Accept-Encoding',
  ];
  if (path.startsWith(API_PREFIX) || kind === 'feed') common.push('Access-Control-Allow-Origin', '*');
  const full = [...common, 'Content-Type', contentType, 'Content-Length', String(length), 'X-Content-Type-Options', 'nosniff'];
  if (kind === 'html') full.push('Content-Security-Policy', meta.contentSecurityPolicy, 'Referrer-Policy', 'strict-origin-when-cross-origin', 'X-Frame-Options', 'DENY');
  return { headers200: full, headers304: common };
}

/** "/api//v2/summary.json?x" → "/api/v2/summary.json": some Statuspage clients join URLs with a double slash. */
export function normalizePath(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.includes('//') ? path.replace(/\/{2,}/g, '/') : path;
}

function matchesEtag(header: string, etag: string): boolean {
  if (header === etag || header === '*') return true;
  return header.split(',').some((candidate) => {
    const t = candidate.trim();
    return t === etag || t === `W/${etag}`;
  });
}

/** A document's Last-Modified: its own data time, else the site's; assets (addressed by content hash) have none. */
function lastModifiedOf(doc: SiteDocument, siteModified: string): string | null {
  if (doc.kind === 'asset') return null;
  return doc.lastModified ? new Date(doc.lastModified).toUTCString() : siteModified;
}

function prerender(path: string, doc: SiteDocument, lastModified: string | null, meta: SiteMeta, same?: Prerendered): Prerendered {
  const body = same?.body ?? Buffer.from(doc.body, 'utf8');
  const etag = same?.etag ?? `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, etag, contentType: doc.contentType, lastModified, source: doc.body, kind: doc.kind, ...headersFor(path, doc.kind, etag, lastModified, doc.contentType, body.length, meta) };
}

/**
 * The bytes the status page serves, rendered once per change rather than once per request: during an
 * outage thousands of readers refresh the same few documents. `serve` answers straight from memory on
 * the raw Node request, before Express and Nest see it.
 */
export class PrerenderedSite {
  private resources = new Map<string, Prerendered>();
  private notFound: { body: Buffer; headers: OutgoingHttpHeader[] } | null = null;
  meta: SiteMeta = { componentIds: [], contentSecurityPolicy: "default-src 'none'" };
  /** Whether the model behind these bytes is loaded (from the stream or a snapshot). */
  ready = false;
  private version = 0;

  /** Renders what the site does not hold yet on first request (past incidents' pages); see LazyDocuments. */
  lazy: LazyDocuments | null = null;
  /** Told of each document rendered on request, after it was added (nginx's copy of the site writes it). */
  onLazyAdded: ((path: string) => void) | null = null;

  /**
   * Swaps in a render. `dataTime` is when the data behind it last changed (the latest event, or a clock
   * boundary it crossed): it, not the moment of rendering, is every document's Last-Modified, so two replicas
   * fed the same events send the same headers as well as the same bytes.
   */
  replace(documents: Record<string, SiteDocument>, dataTime: Date, meta: SiteMeta): void {
    const next = new Map<string, Prerendered>();
    const siteModified = dataTime.toUTCString();
    const sameHeaders = meta.contentSecurityPolicy === this.meta.contentSecurityPolicy;
    for (const [path, doc] of Object.entries(documents)) {
      const modified = lastModifiedOf(doc, siteModified);
      const kept = this.resources.get(path);
      // Most documents (past incidents' pages) are the same text as last time: keeping them spares
      // encoding and hashing thousands of pages, and the garbage that makes, on each render.
      if (kept && sameHeaders && kept.source === doc.body && kept.kind === doc.kind && kept.contentType === doc.contentType && kept.lastModified === modified) {
        next.set(path, kept);
        continue;
      }
      next.set(path, prerender(path, doc, modified, meta, kept?.source === doc.body ? kept : undefined));
    }
    this.meta = meta;
    const notFound = next.get('/404');
    next.delete('/404');
    this.notFound = notFound
      ? { body: notFound.body, headers: ['Cache-Control', PUBLIC_CACHE_CONTROL, 'Content-Type', notFound.contentType, 'Content-Length', String(notFound.body.length), 'X-Content-Type-Options', 'nosniff', 'Content-Security-Policy', meta.contentSecurityPolicy] }
      : null;
    this.resources = next;
    this.version++;
  }

  /** Adds one document rendered on request; it stays until a render leaves it out. */
  add(path: string, doc: SiteDocument): Prerendered {
    const resource = prerender(path, doc, lastModifiedOf(doc, new Date(0).toUTCString()), this.meta);
    this.resources.set(path, resource);
    this.onLazyAdded?.(path);
    return resource;
  }

  /** What a path holds, rendering it now if it is rendered on request and that can be done here. */
  private resolve(path: string): Prerendered | undefined | Promise<Prerendered | undefined> {
    const resource = this.resources.get(path);
    if (resource || !this.lazy) return resource;
    const doc = this.lazy(path);
    if (doc === null) return undefined;
    if (!(doc instanceof Promise)) return this.add(path, doc);
    return doc.then((d) => (d === null ? undefined : (this.resources.get(path) ?? this.add(path, d))));
  }

  /** The document at a path; one rendered on request is rendered now when that can be done synchronously. */
  get(path: string): Prerendered | undefined {
    const resource = this.resolve(normalizePath(path));
    return resource instanceof Promise ? undefined : resource;
  }

  get loaded(): boolean {
    return this.resources.size > 0;
  }

  /** How many times the bytes were replaced (for tests and metrics). */
  get renders(): number {
    return this.version;
  }

  paths(): string[] {
    return [...this.resources.keys()];
  }

  /**
   * Answers any request the dynamic side (forms, health, metrics) does not own: the pre-rendered documents
   * with GET/HEAD (and CORS preflights), 404 for unknown paths, 405 for other methods, and 503 with
   * Retry-After until the model behind the documents is loaded, so a cold start never shows an empty page.
   * An unknown URL costs no more than a known one.
   */
  serve(req: IncomingMessage, res: ServerResponse): void {
    const path = normalizePath(req.url ?? '/');
    const found = this.resolve(path);
    if (found instanceof Promise) {
      found.then(
        (resource) => this.answer(req, res, path, resource),
        () => plainAnswer(res, 503, STATUS_PAGE_ANSWERS.starting, req.method === 'HEAD', ['Retry-After', String(STATUS_PAGE_STARTING_RETRY_AFTER_SECONDS)]),
      );
      return;
    }
    this.answer(req, res, path, found);
  }

  private answer(req: IncomingMessage, res: ServerResponse, path: string, resource: Prerendered | undefined): void {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    // Assets do not depend on the model; everything else (an unknown incident page too) does.
    if (!this.ready && !(resource && path.startsWith(ASSET_PREFIX))) {
      plainAnswer(res, 503, STATUS_PAGE_ANSWERS.starting, head, ['Retry-After', String(STATUS_PAGE_STARTING_RETRY_AFTER_SECONDS)]);
      return;
    }
    if (!resource) {
      if (this.notFound && (method === 'GET' || head)) {
        res.writeHead(404, this.notFound.headers);
        res.end(head ? undefined : this.notFound.body);
      } else plainAnswer(res, 404, STATUS_PAGE_ANSWERS.notFound(path), head);
      return;
    }
    if (method === 'GET' || head) {
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      if (inm !== undefined ? matchesEtag(inm, resource.etag) : ims !== undefined && resource.lastModified !== null && Date.parse(ims) >= Date.parse(resource.lastModified)) {
        res.writeHead(304, resource.headers304);
        res.end();
        return;
      }
      res.writeHead(200, resource.headers200);
      res.end(head ? undefined : resource.body);
      return;
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Max-Age': '86400',
        Allow: 'GET, HEAD, OPTIONS',
      });
      res.end();
      return;
    }
    plainAnswer(res, 405, STATUS_PAGE_ANSWERS.readOnly(method, path), false, ['Allow', 'GET, HEAD, OPTIONS']);
  }
}
