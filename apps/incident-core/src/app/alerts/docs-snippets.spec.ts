import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { resolvePolicy } from '../policy/policy-file';
import { genericPayload } from '../integrations/payloads';

/** docs/alerts.md's snippets are what people copy: they must parse and say what the code does. */
const doc = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'docs', 'alerts.md'), 'utf8');
/** The fenced blocks of a language ("" for unmarked), read fence by fence so blocks never pair up wrongly. */
function blocks(lang: string): string[] {
  const found: string[] = [];
  let open: { lang: string; lines: string[] } | null = null;
  for (const line of doc.split('\n')) {
    if (line.startsWith('```')) {
      if (open) {
        if (open.lang === lang) found.push(open.lines.join('\n'));
        open = null;
      } else open = { lang: line.slice(3).trim(), lines: [] };
    } else open?.lines.push(line);
  }
  return found;
}
const yamlBlocks = () => blocks('yaml').map((text) => parseYaml(text));

describe('the snippets in docs/alerts.md', () => {
  it("the Alertmanager snippet is a webhook receiver on Sitrep's route with a bearer token and resolved alerts", () => {
    const config = yamlBlocks().find((y) => y.receivers);
    expect(config.route.receiver).toBe('sitrep');
    const webhook = config.receivers.find((r: { name: string }) => r.name === 'sitrep').webhook_configs[0];
    expect(new URL(webhook.url).pathname).toBe('/api/v1/integrations/alertmanager');
    expect(webhook.send_resolved).toBe(true);
    expect(webhook.http_config.authorization.type).toBe('Bearer');
  });

  it("the Grafana snippet is a webhook contact point on Sitrep's route with a bearer token", () => {
    const provisioning = yamlBlocks().find((y) => y.contactPoints);
    const receiver = provisioning.contactPoints[0].receivers[0];
    expect(receiver.type).toBe('webhook');
    expect(new URL(receiver.settings.url).pathname).toBe('/api/v1/integrations/grafana');
    expect(receiver.settings.authorization_scheme).toBe('Bearer');
  });

  it('the policy snippet is the default alert policy, as the text says', () => {
    const policy = yamlBlocks().find((y) => y.alerts);
    expect(resolvePolicy(policy).alerts).toEqual(resolvePolicy().alerts);
  });

  it('the generic example body is a valid generic payload', () => {
    const request = blocks('').find((b) => b.startsWith('POST /api/v1/integrations/generic/'))!;
    expect(genericPayload.safeParse(JSON.parse(request.slice(request.indexOf('{')))).success).toBe(true);
  });
});
