import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TimelineLine, loadTimeline } from './incident-page';

interface Listener {
  incidentId: string;
  afterSeq: string;
  send(line: TimelineLine): void;
  /** Ends the page's stream: on shutdown, so an open page does not hold the server's close. */
  end(): void;
}

/** How often open incident pages look for new timeline lines; a bridge call does not need faster. */
export const TIMELINE_FEED_MS = 500;

/**
 * Live timelines for open incident pages (Server-Sent Events). The timeline is incident-core's own record
 * of its events, written in the same transaction as each event, so reading it after a line's sequence
 * gives every page the same lines in the same order, whichever instance wrote them. One timer serves every
 * open page, and runs only while a page is open.
 */
@Injectable()
export class TimelineFeed implements OnModuleDestroy {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly dataSource: DataSource) {}

  subscribe(incidentId: string, afterSeq: string, send: (line: TimelineLine) => void, end: () => void): () => void {
    const listener: Listener = { incidentId, afterSeq: /^\d+$/.test(afterSeq) ? afterSeq : '0', send, end };
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.poll(), TIMELINE_FEED_MS);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const listener of [...this.listeners]) {
        const lines = await loadTimeline(this.dataSource, listener.incidentId, listener.afterSeq).catch(() => []);
        for (const line of lines) {
          listener.send(line);
          if (BigInt(line.seq) > BigInt(listener.afterSeq)) listener.afterSeq = line.seq;
        }
      }
    } finally {
      this.polling = false;
    }
  }

  /** A browser reconnects an ended stream by itself (EventSource), from the last line it had. */
  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const listener of [...this.listeners]) listener.end();
    this.listeners.clear();
  }
}
