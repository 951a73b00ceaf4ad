import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secrets embedded mode makes up for itself: the embedded PostgreSQL's password and the credentials of
 * the bundled vendor fakes. Generated once per data folder and kept next to the admin token in
 * `secrets.json`, readable by the owner only, so they stay the same across restarts and differ between
 * installations: a fixed, published fake credential would let anyone forge a vendor's webhook.
 */
export interface EmbeddedSecrets {
  postgresPassword: string;
  twilio: { accountSid: string; authToken: string };
  vonage: { apiKey: string; apiSecret: string };
  slack: { botToken: string; signingSecret: string };
}

export const SECRETS_FILE = 'secrets.json';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const text = (bytes: number) => randomBytes(bytes).toString('base64url');

function generate(): EmbeddedSecrets {
  return {
    postgresPassword: text(24),
    twilio: { accountSid: `AC${hex(16)}`, authToken: hex(16) },
    vonage: { apiKey: hex(4), apiSecret: text(12) },
    slack: { botToken: `xoxb-${text(24)}`, signingSecret: hex(20) },
  };
}

/** The data folder, created (or narrowed) to mode 0700: it holds the database files, tokens and secrets. */
export function privateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
}

export function embeddedSecrets(dataDir: string): EmbeddedSecrets {
  const file = join(dataDir, SECRETS_FILE);
  const fresh = generate();
  let kept: Partial<EmbeddedSecrets> = {};
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmbeddedSecrets>;
  }
  // A folder from an older version has only some of the secrets: the missing ones are added and kept.
  const secrets: EmbeddedSecrets = {
    postgresPassword: kept.postgresPassword ?? fresh.postgresPassword,
    twilio: { ...fresh.twilio, ...kept.twilio },
    vonage: { ...fresh.vonage, ...kept.vonage },
    slack: { ...fresh.slack, ...kept.slack },
  };
  if (JSON.stringify(secrets) !== JSON.stringify(kept)) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  }
  return secrets;
}
