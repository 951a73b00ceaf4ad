import Handlebars from 'handlebars';
import { Feed } from 'feed';
import { POST_INCIDENT_REVIEW, statusPageTitle } from '@sitrep/contracts';
import type { PublicView, ViewReport } from '../read-model/public-view';
import { IMPACT_LABELS, UPDATE_STATUS_LABELS, textToHtml, utcText } from './page-html';
import type { PageInfo } from './statuspage-v2';
import { permalink } from './statuspage-v2';

export const FEED_ITEMS = 50;

const escape = (text: string) => Handlebars.Utils.escapeExpression(text);

/**
 * The `feed` package puts item titles and bodies into CDATA sections that readers display as HTML
 * (Atom says type="html" outright), so whatever comms published is escaped first: a title such as
 * `<script>` then shows as text in every reader, and `]]>` can never close the CDATA early.
 */
function itemHtml(report: ViewReport): string {
  const parts = report.updates.map((u) => `<p><strong>${escape(UPDATE_STATUS_LABELS[u.status] ?? u.status)}</strong> (${escape(utcText(u.publishedAt))})</p>${textToHtml(u.body)}`);
  if (report.postmortem) parts.unshift(`<h3>${POST_INCIDENT_REVIEW}</h3>${textToHtml(report.postmortem.body)}`);
  return parts.join('');
}

function buildFeed(page: PageInfo, view: PublicView): Feed {
  const feed = new Feed({
    // Channel-level text goes out as escaped XML text (not CDATA), so it is given as it is.
    title: statusPageTitle(page.name),
    description: `Incidents and maintenance for ${page.name}`,
    id: `${page.url}/`,
    link: `${page.url}/`,
    language: 'en',
    copyright: page.name,
    updated: new Date(view.updatedAt),
    feedLinks: { rss: `${page.url}/history.rss`, atom: `${page.url}/history.atom` },
  });
  const reports = [...view.incidents, ...view.maintenances].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, FEED_ITEMS);
  for (const report of reports) {
    const link = permalink(page, report.id);
    const status = UPDATE_STATUS_LABELS[report.status] ?? report.status;
    feed.addItem({
      title: escape(`${report.name} (${status})`),
      id: link,
      link,
      date: new Date(report.updatedAt),
      published: new Date(report.createdAt),
      description: escape(`${report.subject === 'maintenance' ? 'Maintenance' : IMPACT_LABELS[report.impact]} · ${status}`),
      content: itemHtml(report),
    });
  }
  return feed;
}

export function renderFeeds(page: PageInfo, view: PublicView): { rss: string; atom: string } {
  const feed = buildFeed(page, view);
  return { rss: feed.rss2(), atom: feed.atom1() };
}
