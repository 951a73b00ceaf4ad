import type { ComponentView, SitrepEvent } from '@sitrep/contracts';

export interface StatusSnapshot {
  components: ComponentView[];
  updatedAt: string | null;
}

/**
 * What the public may see, folded from published events. It holds no internal incident state: an
 * incident appears here only once comms publishes an approved update about it.
 * Applying an event twice changes nothing, so replays and redeliveries are harmless.
 */
export class StatusReadModel {
  private readonly components = new Map<string, ComponentView>();
  private readonly seen = new Set<string>();
  private updatedAt: string | null = null;

  /** Returns whether the public view changed. */
  apply(event: SitrepEvent): boolean {
    if (this.seen.has(event.id)) return false;
    this.seen.add(event.id);
    switch (event.type) {
      case 'component.created': {
        const { component } = event.data;
        const current = this.components.get(component.id);
        if (current && current.updatedAt >= component.updatedAt) return false;
        this.components.set(component.id, component);
        this.touch(component.updatedAt);
        return true;
      }
      default:
        return false;
    }
  }

  private touch(at: string): void {
    if (!this.updatedAt || at > this.updatedAt) this.updatedAt = at;
  }

  snapshot(): StatusSnapshot {
    const components = [...this.components.values()].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    return { components, updatedAt: this.updatedAt };
  }
}
