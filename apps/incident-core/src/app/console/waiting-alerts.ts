import type { WaitingAlert } from '@sitrep/contracts';
import { titleFromAlertNames } from '../commands/declare-from-alerts.command';
import { formList } from './console-page';

/** How many waiting alerts the Incidents page lists; `GET /api/v1/alerts?unlinked=true&status=firing` has them all. */
export const WAITING_ALERTS_SHOWN = 50;

/**
 * The declare form's starting values when a person declares from waiting alerts: the title the
 * declare_from_alerts command would give, a summary naming them, and their components (which the command
 * puts on the incident).
 */
export function declareFromAlertsDraft(alerts: Pick<WaitingAlert, 'id' | 'name' | 'components'>[]) {
  const names = [...new Set(alerts.map((a) => a.name))];
  const components = alerts.flatMap((a) => a.components).filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i);
  return {
    alertIds: alerts.map((a) => a.id),
    alertNames: names,
    title: titleFromAlertNames(names),
    summary: `Declared from ${alerts.length} alert(s): ${names.join(', ')}`.slice(0, 5000),
    components,
  };
}

/** Alert ids a form or query string names (?alert=…&alert=…), each a UUID, at most a thousand. */
export function alertIdsOf(value: unknown): string[] {
  return [...new Set(formList(value))].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)).slice(0, 1000);
}
