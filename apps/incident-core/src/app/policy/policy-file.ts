import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describeZodError } from '@sitrep/contracts';
import { DEFAULT_POLICY_DOCUMENT, Policy, policySchema } from './policy';

type Document = { severities?: Record<string, Record<string, unknown>>; ticketVolumeEscalationMultiple?: unknown; alerts?: Record<string, unknown> };

/** The defaults with a partial override laid over them, key by key, then validated as a whole. */
export function resolvePolicy(override: Document = {}): Policy {
  const severities: Record<string, Record<string, unknown>> = {};
  for (const [severity, defaults] of Object.entries(DEFAULT_POLICY_DOCUMENT.severities)) {
    severities[severity] = { ...defaults, ...(override.severities?.[severity] ?? {}) };
  }
  for (const severity of Object.keys(override.severities ?? {})) {
    if (!(severity in severities)) severities[severity] = override.severities![severity];
  }
  const parsed = policySchema.safeParse({
    severities,
    ticketVolumeEscalationMultiple: override.ticketVolumeEscalationMultiple ?? DEFAULT_POLICY_DOCUMENT.ticketVolumeEscalationMultiple,
    // Key by key too: a file that sets only signatureMaxAge keeps the default detection rules.
    alerts: { ...DEFAULT_POLICY_DOCUMENT.alerts, ...(override.alerts ?? {}) },
  });
  if (!parsed.success) throw new Error(`invalid policy: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** Reads SITREP_POLICY_FILE (JSON or YAML); without one, the seed's defaults. */
export function loadPolicy(path?: string): Policy {
  if (!path) return resolvePolicy();
  const text = readFileSync(path, 'utf8');
  let document: Document;
  try {
    document = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) ?? {};
  } catch (error) {
    throw new Error(`policy file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  try {
    return resolvePolicy(document);
  } catch (error) {
    throw new Error(`policy file ${path}: ${(error as Error).message}`);
  }
}
