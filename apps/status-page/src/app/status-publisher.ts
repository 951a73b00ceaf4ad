import type { Clock } from '@sitrep/clock';
import type { SitrepEvent } from '@sitrep/contracts';
import { StatusReadModel } from './read-model/status-read-model';
import { renderStatusPage } from './render/page-html';
import { PrerenderedSite } from './render/prerendered-site';
import { PageInfo, V2Component, v2Documents } from './render/statuspage-v2';

/** Folds events into the read model and re-renders the site when what the public sees changed. */
export class StatusPublisher {
  private readonly model = new StatusReadModel();
  private renderScheduled = false;

  constructor(
    readonly site: PrerenderedSite,
    private readonly page: PageInfo,
    private readonly clock: Clock,
  ) {
    this.render();
  }

  apply(event: SitrepEvent): void {
    if (this.model.apply(event)) this.scheduleRender();
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

  render(): void {
    const now = this.clock.now();
    const json = v2Documents(this.page, this.model.snapshot(), now);
    const documents: Record<string, { body: string; contentType: string }> = {};
    for (const [path, doc] of Object.entries(json)) documents[path] = { body: JSON.stringify(doc), contentType: 'application/json; charset=utf-8' };
    const summary = json['/api/v2/summary.json'] as Parameters<typeof renderStatusPage>[0] & { components: V2Component[] };
    documents['/'] = { body: renderStatusPage(summary), contentType: 'text/html; charset=utf-8' };
    this.site.replace(documents, now);
  }
}
