import { randomUUID } from 'node:crypto';
import { COMMAND_NAMES } from '@sitrep/contracts';
import type { FuzzSessions } from './fuzz-sessions';
import { Random, encodeLoosely, hostileParameter, hostileString, hostileValue, pick } from './hostile-values';
import type { FuzzRoute, JsonSchema } from './routes';

/** Ids of things that exist, so that some requests get past "not found" to the code behind it. */
export interface KnownIds {
  incident: string[];
  component: string[];
  person: string[];
  other: string[];
  /** Communications (drafts) on comms' approval page. */
  communication?: string[];
  /** Tokens the fuzzer may revoke (none it signs in or sends with). */
  token?: string[];
}

export interface FuzzRequest {
  route: FuzzRoute;
  method: string;
  /** Path with parameters filled in and the query string, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  marker: string;
  /** Sent with a session cookie; for form posts, with the session's CSRF token, a wrong one or none. */
  signedIn?: 'valid' | 'wrong' | 'missing';
}

/** The share of requests to a session route sent signed in (the rest test the session check itself). */
const SIGNED_IN_SHARE = 0.7;

const PARAM_HINTS: Record<string, 'incident' | 'component' | 'person' | 'other'> = { id: 'incident', incidentId: 'incident', componentId: 'component', personId: 'person', itemId: 'other', sequence: 'other' };
const QUERY_KEYS = ['month', 'q', 'state', 'limit', 'after', 'role', 'channel', 'token', 'onCall', 'since', 'page', 'per_page', 'format'];
const ROLES = ['commander', 'comms_lead', 'executive_sponsor', 'technical_lead', 'scribe', 'customer_liaison'];
const SECTIONS = ['summary', 'impact', 'root_cause', 'timeline', 'lessons'];

/** A plausible value for a schema, so that mutating one field of it tests that field rather than the first missing one. */
export function plausible(schema: JsonSchema | undefined, random: Random, marker: string, ids: KnownIds, name = ''): unknown {
  if (!schema) return marker;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return plausible(pick(random, options), random, marker, ids, name);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => plausible(s, random, marker, ids, name) as object));
  if (schema.enum?.length) return pick(random, schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random() < 0.5) out[key] = plausible(inner, random, marker, ids, key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => plausible(schema.items, random, marker, ids, name.replace(/s$/, '')));
    case 'boolean':
      return random() < 0.5;
    case 'integer':
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 100, 1 + Math.floor(random() * 10)));
    case 'number':
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 100, Math.round(random() * 10000) / 100));
    case 'string': {
      if (schema.format === 'uuid') {
        const kind = Object.entries(PARAM_HINTS).find(([hint]) => name.toLowerCase().includes(hint.toLowerCase().replace('id', '')))?.[1];
        return pick(random, kind && ids[kind].length ? ids[kind] : [...ids.incident, randomUUID()]);
      }
      if (schema.format === 'email' || /email/i.test(name)) return `${marker}@example.com`;
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, 11, 1 + Math.floor(random() * 20), 10)).toISOString();
      if (schema.pattern?.includes('A-Z]{3}')) return 'USD';
      if (schema.pattern?.includes('\\+')) return '+14155550123';
      if (schema.pattern?.includes('\\d{6}')) return '123456';
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}') || /date/i.test(name)) return '2026-12-24';
      if (schema.pattern?.includes('\\d{4}-')) return '2026-11';
      return `${marker} ${name}`.slice(0, schema.maxLength ?? 200);
    }
    default:
      return marker;
  }
}

/** Replaces one value somewhere inside a plausible body by a hostile one (or the whole body). */
function mutate(value: unknown, random: Random, marker: string): unknown {
  if (random() < 0.1) return hostileValue(random, marker);
  if (Array.isArray(value)) {
    if (value.length === 0 || random() < 0.2) return [...value, hostileValue(random, marker)];
    const i = Math.floor(random() * value.length);
    return value.map((v, j) => (j === i ? mutate(v, random, marker) : v));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0 || random() < 0.15) return { ...value, [random() < 0.5 ? hostileString(random, marker).slice(0, 40) : 'unexpected']: hostileValue(random, marker) };
    const [key, inner] = pick(random, entries);
    return { ...value, [key]: mutate(inner, random, marker) };
  }
  return hostileValue(random, marker);
}

function formEncode(value: unknown): string {
  if (!value || typeof value !== 'object') return `value=${encodeLoosely(String(value))}`;
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`)
    .join('&');
}

/** One mutated request for a route. */
export function fuzzRequest(route: FuzzRoute, random: Random, seq: number, ids: KnownIds, tokens: { admin: string; others: string[] }, sessions: FuzzSessions = {}): FuzzRequest {
  const marker = `fz${seq}q`;
  const session = route.session ? sessions[route.session] : undefined;
  const signedIn = session && random() < SIGNED_IN_SHARE;
  // Signed in, most parameters name things that exist, so that the form handlers run rather than "not found".
  const real = signedIn ? 0.85 : 0.5;
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const r = random();
    if (name === 'role' && r < 0.6) return pick(random, ROLES);
    if (name === 'section' && r < 0.6) return pick(random, SECTIONS);
    if (name === 'name' && route.session === 'console' && r < real) return pick(random, COMMAND_NAMES);
    const known = (name === 'id' && route.ids ? ids[route.ids] : ids[PARAM_HINTS[name] ?? 'incident']) ?? [];
    if (r < real && known.length) return pick(random, known);
    return hostileParameter(random, marker);
  });
  const query = random() < 0.5 ? '' : `?${Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${pick(random, QUERY_KEYS)}=${random() < 0.3 ? pick(random, ['2026-11', '0000-01', '9999-12', '10', '-1', '1e308']) : hostileParameter(random, marker)}`).join('&')}`;
  const headers: Record<string, string> = {};
  const auth = random();
  if (!route.public || auth < 0.3) {
    if (auth < 0.85) headers.authorization = `Bearer ${tokens.admin}`;
    else if (auth < 0.95 && tokens.others.length) headers.authorization = `Bearer ${pick(random, tokens.others)}`;
    else headers.authorization = pick(random, ['Bearer ', 'Bearer x', `Basic ${marker}`, `Bearer ${marker}\u0000`.replace('\u0000', '%00')]);
  }
  let body: string | Buffer | undefined;
  if (signedIn) {
    headers.cookie = session.cookie;
    if (route.method === 'GET' || route.method === 'HEAD') return { route, method: route.method, url: `${path}${query}`, headers, marker, signedIn: 'valid' };
    // A form as the page sends it, one field hostile, with the session's CSRF token (or, for some, a wrong one or none: those must be refused).
    const csrf = random();
    const kind = csrf < 0.9 ? 'valid' : csrf < 0.95 ? 'wrong' : 'missing';
    const field = kind === 'valid' ? `&csrf=${encodeURIComponent(session.csrf)}` : kind === 'wrong' ? `&csrf=${encodeLoosely(random() < 0.5 ? session.csrf.slice(0, -1) : hostileString(random, marker))}` : '';
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = `${formEncode(mutate(plausible(route.bodySchema ?? { type: 'object', properties: { text: { type: 'string' } } }, random, marker, ids), random, marker))}${field}`;
    return { route, method: route.method, url: `${path}${query}`, headers, body, marker, signedIn: kind };
  }
  if (route.method !== 'GET' && route.method !== 'HEAD' && route.method !== 'DELETE') {
    const shape = random();
    const value = mutate(plausible(route.bodySchema ?? { type: 'object', properties: { email: { type: 'string' }, token: { type: 'string' }, phone: { type: 'string' } } }, random, marker, ids), random, marker);
    if (shape < 0.01) {
      // Oversized: past the body parser's limit (100 kB).
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ text: `${marker}${'x'.repeat(110_000 + Math.floor(random() * 200_000))}` });
    } else if (shape < 0.06) {
      headers['content-type'] = 'application/json';
      body = pick(random, ['{', '{"a":', 'null', '[]', '"x"', '1e999', '{"a":1}}', '{"__proto__":{"admin":true}}', `{"text":"${marker}\\ud800"}`]);
    } else if (shape < 0.09) {
      headers['content-type'] = 'application/json';
      body = Buffer.concat([Buffer.from(`{"text":"${marker}`), Buffer.from([0xed, 0xa0, 0x80, 0xff, 0xc0]), Buffer.from('"}')]);
    } else if (shape < 0.11) {
      headers['content-type'] = pick(random, ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json; charset=utf-16']);
      body = JSON.stringify(value);
    } else if (route.form || shape < 0.2) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = formEncode(value);
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(value);
    }
  }
  return { route, method: route.method, url: `${path}${query}`, headers, body, marker };
}
