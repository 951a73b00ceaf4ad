import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const COMPOSE_FILE = join(__dirname, '..', '..', 'docker', 'compose.yaml');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  restart?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}

/**
 * Compose's variable substitution, as `docker-compose config` does it: `${NAME}`, `${NAME:-default}` and
 * `${NAME:?error}` (an error when unset) from `env`.
 */
export function substitute(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (op === '-') return arg ?? '';
    if (op === '?') throw new Error(`${name} must be set: ${arg}`);
    return '';
  });
}

/** The compose file's services, anchors and merge keys resolved, variables substituted from `env`. */
export function composeServices(env: Record<string, string | undefined>): Record<string, ComposeService> {
  const text = substitute(readFileSync(COMPOSE_FILE, 'utf8'), env);
  const doc = parse(text, { merge: true }) as { services: Record<string, ComposeService> };
  return doc.services;
}
