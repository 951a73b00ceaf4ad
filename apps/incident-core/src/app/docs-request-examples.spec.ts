import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import * as commands from './commands/http-bodies';
import { declareFromAlertsInput } from './commands/declare-from-alerts.command';
import { componentMatchersBody, createIntegrationBody } from './integrations/create-integration';
import { alertmanagerPayload, genericPayload, grafanaPayload } from './integrations/payloads';
import { createPersonBody, issueTokenBody, setEscalationContactBody, updatePersonBody } from './people/people.schemas';

const DOCS = join(__dirname, '..', '..', '..', '..', 'docs');

/** incident-core's request bodies by route, as the controllers validate them. */
const ROUTES: [method: string, path: RegExp, schema: z.ZodTypeAny][] = [
  ['POST', /^\/incidents$/, commands.declareBody],
  ['POST', /^\/incidents\/:id\/status$/, commands.statusBody],
  ['POST', /^\/incidents\/:id\/severity$/, commands.severityBody],
  ['POST', /^\/incidents\/:id\/duplicate$/, commands.duplicateBody],
  ['PUT', /^\/incidents\/:id\/roles\/[a-z_]+$/, commands.personBody],
  ['POST', /^\/incidents\/:id\/implementers$/, commands.personBody],
  ['POST', /^\/incidents\/:id\/assessment$/, commands.assessmentBody],
  ['POST', /^\/incidents\/:id\/components$/, commands.componentsBody],
  ['POST', /^\/incidents\/:id\/fix-deployed$/, commands.fixDeployedBody],
  ['POST', /^\/incidents\/:id\/verifications$/, commands.verificationBody],
  ['POST', /^\/incidents\/:id\/signals$/, commands.signalBody],
  ['POST', /^\/incidents\/:id\/reopen$/, commands.noteBody],
  ['POST', /^\/incidents\/:id\/executive-updates$/, commands.executiveUpdateBody],
  ['POST', /^\/incidents\/:id\/ticket-volume$/, commands.ticketVolumeBody],
  ['POST', /^\/incidents\/:id\/media-attention$/, commands.mediaAttentionBody],
  ['POST', /^\/incidents\/:id\/compensations$/, commands.compensationBody],
  ['POST', /^\/incidents\/:id\/notes$/, commands.noteBody],
  ['PUT', /^\/incidents\/:id\/postmortem\/sections\/[a-z_]+$/, commands.sectionBody],
  ['POST', /^\/incidents\/:id\/postmortem\/action-items$/, commands.actionItemBody],
  ['PATCH', /^\/incidents\/:id\/postmortem\/action-items\/:itemId$/, commands.actionItemPatch],
  ['POST', /^\/incidents\/:id\/postmortem\/review$/, commands.reviewBody],
  ['POST', /^\/people$/, createPersonBody],
  ['PATCH', /^\/people\/:id$/, updatePersonBody],
  ['POST', /^\/people\/:id\/tokens$/, issueTokenBody],
  ['PUT', /^\/escalation-contacts\/[a-z_]+$/, setEscalationContactBody],
  ['POST', /^\/integrations$/, createIntegrationBody],
  ['PUT', /^\/integrations\/:id\/component-matchers$/, componentMatchersBody],
  ['POST', /^\/integrations\/alertmanager$/, alertmanagerPayload],
  ['POST', /^\/integrations\/grafana$/, grafanaPayload],
  ['POST', /^\/integrations\/generic\/[^/]+$/, genericPayload],
  ['POST', /^\/alerts\/declare-incident$/, declareFromAlertsInput],
];

interface Example {
  file: string;
  line: number;
  method: string;
  path: string;
  body: string;
}

/**
 * Every ```json block in docs/*.md that a request line (`POST /api/v1/...`) introduces, on the line before
 * the fence or the one before that. A JSON block without a request line is not a request example.
 */
function requestExamples(): Example[] {
  const examples: Example[] = [];
  for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
    const lines = readFileSync(join(DOCS, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() !== '```json') continue;
      const before = [lines[i - 1] ?? '', lines[i - 2] ?? ''].map((l) => /\b(POST|PUT|PATCH) (?:\/api\/v1)?(\/[^\s`]*)/.exec(l)).find(Boolean);
      const end = lines.indexOf('```', i + 1);
      if (!before) continue;
      examples.push({ file, line: i + 1, method: before[1], path: before[2], body: lines.slice(i + 1, end).join('\n') });
    }
  }
  return examples;
}

describe('the request examples in the docs', () => {
  const examples = requestExamples();

  it('are there: process.md shows a body for each command it describes', () => {
    expect(examples.filter((e) => e.file === 'process.md').length).toBeGreaterThanOrEqual(15);
  });

  it('are there: alerts.md shows the integration, a receiver, adding components and declaring from alerts', () => {
    expect(examples.filter((e) => e.file === 'alerts.md').map((e) => `${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining(['POST /integrations', 'POST /integrations/alertmanager', 'POST /incidents/:id/components', 'POST /alerts/declare-incident']),
    );
  });

  it.each(examples.map((e) => [`${e.file}:${e.line} ${e.method} ${e.path}`, e] as const))('%s is accepted by the schema the route validates with', (_name, example) => {
    const route = ROUTES.find(([method, path]) => method === example.method && path.test(example.path));
    if (!route) throw new Error(`${example.file}:${example.line}: no request schema known for ${example.method} ${example.path}; add the route to ROUTES`);
    const parsed = route[2].safeParse(JSON.parse(example.body));
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });
});
