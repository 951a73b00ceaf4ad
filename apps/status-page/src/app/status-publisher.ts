import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@sitrep/clock';
import type { SitrepEvent } from '@sitrep/contracts';
import { HISTORY_DAYS, PublicView, ViewReport, nextChangeAt, publicView } from './read-model/public-view';
import { ReadModelState, StatusReadModel } from './read-model/status-read-model';
import type { Branding } from './render/branding';
import { renderFeeds } from './render/feeds';
import { SiteContext, renderHistoryPage, renderIncidentPage, renderIndex, renderMessagePage, siteContext } from './render/page-html';
import { PrerenderedSite, SiteDocument, SiteMeta } from './render/prerendered-site';
import { PageInfo, permalink, serializeJson, v2Documents } from './render/statuspage-v2';

const ASSETS_DIR = join(__dirname, 'assets');
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** The stylesheet and the optional time script, with the brand's accent, addressed by a hash of their bytes. */
export function staticAssets(brand: Branding): { documents: Record<string, SiteDocument>; cssHref: string; jsHref: string } {
  const dayWidths = Array.from({ length: HISTORY_DAYS }, (_, i) => `ol.bar > li.w${i + 1} { flex-grow: ${i + 1}; background-size: calc(100% / ${i + 1}) 100%; }`).join('\n');
  const css = readFileSync(join(ASSETS_DIR, 'status-page.css'), 'utf8').replace('__ACCENT__', brand.accentAccessible).replace('__DAY_WIDTHS__', dayWidths);
  const js = readFileSync(join(ASSETS_DIR, 'local-time.js'), 'utf8');
  const v = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 10);
  return {
    documents: {
      '/assets/status-page.css': { body: css, contentType: 'text/css; charset=utf-8', kind: 'asset' },
      '/assets/local-time.js': { body: js, contentType: 'text/javascript; charset=utf-8', kind: 'asset' },
    },
    cssHref: `/assets/status-page.css?v=${v(css)}`,
    jsHref: `/assets/local-time.js?v=${v(js)}`,
  };
}

/** Only our own assets, and the configured logo's origin for images. Nothing inline may run. */
export function contentSecurityPolicy(brand: Branding): string {
  const img = ["'self'", 'data:'];
  if (brand.logoUrl) img.push(new URL(brand.logoUrl).origin);
  return [`default-src 'none'`, `style-src 'self'`, `script-src 'self'`, `img-src ${img.join(' ')}`, `form-action 'self'`, `base-uri 'none'`, `frame-ancestors 'none'`].join('; ');
}

export interface RenderedSite {
  documents: Record<string, SiteDocument>;
  /** When the data behind the render last changed: the documents' Last-Modified. */
  at: Date;
  meta: SiteMeta;
}

/** What an incident page shows besides its report: the names of the components it names. */
function pageKey(view: PublicView, report: ViewReport): string {
  const names = report.componentIds.map((id) => view.components.find((c) => c.id === id)?.name ?? '').join('|');
  return `${report.updatedAt}|${report.status}|${report.active}|${names}`;
}

/**
 * When what the site shows last changed, from the data alone: the latest event or clock boundary the view
 * has passed (view.updatedAt), and the start of the UTC day, when the 90-day bars move on. Two replicas fed
 * the same events agree on it, whenever each of them started.
 */
export function dataTimeOf(snapshot: { updatedAt: string | null; components: unknown[] }, view: PublicView, now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // An empty model's view says "now" as its time; that is the process's, so it does not count.
  const data = snapshot.updatedAt === null && snapshot.components.length === 0 ? 0 : Date.parse(view.updatedAt);
  return new Date(Math.max(data, today));
}

/**
 * Folds events into the read model and re-renders the whole public site (HTML, incident pages, feeds,
 * JSON) when what the public sees changed, or when the clock moves the view on its own (a maintenance
 * window opens or closes, a new day enters the history bars).
 */
export class StatusPublisher {
  private model = new StatusReadModel();
  private renderScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly site: SiteContext;
  private readonly assets: Record<string, SiteDocument>;
  private readonly csp: string;
  /** Incident pages only change when their report does; keyed by id, holding the key they were rendered for. */
  private readonly incidentPages = new Map<string, { key: string; html: string }>();
  private readonly listeners: ((rendered: RenderedSite, state: ReadModelState) => void)[] = [];
  private stopped = false;
  /** The latest render's view and its past reports by id: what a page rendered on request is rendered from. */
  private latest: { view: PublicView; past: Map<string, ViewReport> } | null = null;

  constructor(
    readonly output: PrerenderedSite,
    private readonly page: PageInfo,
    private readonly clock: Clock,
    brand: Branding,
  ) {
    const assets = staticAssets(brand);
    this.assets = assets.documents;
    this.site = siteContext(brand, assets);
    this.csp = contentSecurityPolicy(brand);
    output.lazy = (path) => this.lazyDocument(path);
  }

  /** Called after every render: the snapshot writer and the HTTP workers listen here. */
  onRender(listener: (rendered: RenderedSite, state: ReadModelState) => void): void {
    this.listeners.push(listener);
  }

  apply(event: SitrepEvent): void {
    if (this.model.apply(event)) this.scheduleRender();
  }

  /** Swaps in a whole model (loaded from a snapshot, or rebuilt from the stream) and renders it. */
  useModel(model: StatusReadModel): void {
    this.model = model;
    this.render();
  }

  get state(): ReadModelState {
    return this.model.toState();
  }

  /** Coalesces a burst of events (a replay at start-up) into one render. */
  private scheduleRender(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    setImmediate(() => {
      this.renderScheduled = false;
      this.render();
    });
  }

  render(): PublicView {
    const now = this.clock.now();
    const snapshot = this.model.snapshot();
    const view = publicView(snapshot, now);
    const dataTime = dataTimeOf(snapshot, view, now);
    const documents: Record<string, SiteDocument> = { ...this.assets };
    for (const [path, doc] of Object.entries(v2Documents(this.page, view))) documents[path] = { body: serializeJson(doc), contentType: JSON_TYPE, kind: 'json' };
    documents['/'] = { body: renderIndex(this.site, view), contentType: HTML, kind: 'html' };
    documents['/history'] = { body: renderHistoryPage(this.site, view), contentType: HTML, kind: 'html' };
    documents['/404'] = {
      body: renderMessagePage(this.site, { title: 'Not found', heading: 'No such page', paragraphs: ['We could not find that incident. It may have been mistyped, or not published yet.'] }, view.updatedAt),
      contentType: HTML,
      kind: 'html',
    };
    // Open reports' pages are rendered now; past ones (thousands, after years) when first asked for, and
    // kept while their report and its components' names stay as they were.
    const past = new Map<string, ViewReport>();
    for (const report of [...view.incidents, ...view.maintenances]) {
      const path = `/incidents/${report.id}`;
      if (report.open) {
        documents[path] = this.incidentDocument(view, report);
        continue;
      }
      past.set(report.id, report);
      const cached = this.incidentPages.get(report.id);
      if (cached && cached.key === pageKey(view, report)) documents[path] = { body: cached.html, contentType: HTML, kind: 'html', lastModified: report.updatedAt };
    }
    for (const id of this.incidentPages.keys()) if (!documents[`/incidents/${id}`]) this.incidentPages.delete(id);
    this.latest = { view, past };
    const feeds = renderFeeds(this.page, view);
    documents['/history.rss'] = { body: feeds.rss, contentType: 'application/rss+xml; charset=utf-8', kind: 'feed' };
    documents['/history.atom'] = { body: feeds.atom, contentType: 'application/atom+xml; charset=utf-8', kind: 'feed' };
    const meta: SiteMeta = { componentIds: view.components.map((c) => c.id), contentSecurityPolicy: this.csp };
    this.output.replace(documents, dataTime, meta);
    const rendered = { documents, at: dataTime, meta };
    if (this.listeners.length > 0) {
      const state = this.model.toState();
      for (const listener of this.listeners) listener(rendered, state);
    }
    this.scheduleClockRender(snapshot, now);
    return view;
  }

  /** A past report's page, rendered on request from the latest render's view; null when there is no such report. */
  lazyDocument(path: string): SiteDocument | null {
    const match = /^\/incidents\/([^/]+)$/.exec(path);
    const report = match ? this.latest?.past.get(match[1]) : undefined;
    if (!report || !this.latest) return null;
    return this.incidentDocument(this.latest.view, report);
  }

  private incidentDocument(view: PublicView, report: ViewReport): SiteDocument {
    const key = pageKey(view, report);
    const cached = this.incidentPages.get(report.id);
    let html = cached?.key === key ? cached.html : null;
    if (html === null) {
      html = renderIncidentPage(this.site, view, report, permalink(this.page, report.id));
      this.incidentPages.set(report.id, { key, html });
    }
    return { body: html, contentType: HTML, kind: 'html', lastModified: report.updatedAt };
  }

  /** Renders again when the view changes with the clock alone; at least hourly, in case the clock jumps. */
  private scheduleClockRender(snapshot: ReturnType<StatusReadModel['snapshot']>, now: Date): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(Math.max(nextChangeAt(snapshot, now).getTime() - now.getTime() + 50, 50), 3_600_000);
    this.timer = setTimeout(() => this.render(), delay);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
