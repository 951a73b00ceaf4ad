import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The module-boundary rules see the launcher and the vendor fakes: each case lints a one-line file placed
 * in a project, with the workspace's own ESLint configuration and a fresh Nx project graph. ESLint runs in a
 * child process because it loads eslint.config.mjs with a dynamic import, which Jest's VM does not allow.
 */
const root = resolve(__dirname, '../..');

const linter = `
const { ESLint } = require('eslint');
const { createProjectGraphAsync } = require('@nx/devkit');
(async () => {
  const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  await createProjectGraphAsync({ exitOnError: false });
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const c of cases) {
    const results = c.files ? await eslint.lintFiles(c.files) : await eslint.lintText(c.code, { filePath: c.file });
    out.push(results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => m.ruleId + ': ' + m.message)));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

type Case = { files: string[] } | { file: string; code: string };
const cases: Record<string, Case> = {};
let found: Record<string, string[]> = {};

function probe(name: string, file: string, importLine: string): void {
  cases[name] = { file: resolve(root, file), code: `${importLine}\nexport const used = x;\n` };
}

probe('launcher→app', 'tools/embedded/probe.ts', "import { startComms as x } from '@sitrep/apps/comms';");
probe('launcher→fakes', 'tools/embedded/probe.ts', "import { SmtpSink as x } from '@sitrep/vendor-fakes';");
probe('launcher→testing', 'tools/embedded/probe.ts', "import { waitFor as x } from '@sitrep/testing';");
probe('launcher→app by path', 'tools/embedded/probe.ts', "import { startComms as x } from '../../apps/comms/src/app/start-comms';");
probe('launcher→launching', 'tools/cluster/probe.ts', "import { freePort as x } from '@sitrep/launching';");
probe('testing→launching', 'libs/testing/src/lib/probe.ts', "import { waitFor as x } from '@sitrep/launching';");
probe('app→app', 'apps/comms/src/app/probe.ts', "import { startIncidentCore as x } from '@sitrep/apps/incident-core';");
probe('app→fakes', 'apps/comms/src/app/probe.ts', "import { TwilioFake as x } from '@sitrep/vendor-fakes';");
probe('app→testing', 'apps/comms/src/app/probe.ts', "import { waitFor as x } from '@sitrep/testing';");
probe('app spec→fakes', 'apps/comms/src/app/probe.spec.ts', "import { TwilioFake as x } from '@sitrep/vendor-fakes';");
probe('lib→fakes', 'libs/persistence/src/lib/probe.ts', "import { SmtpSink as x } from '@sitrep/vendor-fakes';");
probe('fakes→config', 'libs/vendor-fakes/src/lib/probe.ts', "import { loadConfig as x } from '@sitrep/config';");
cases['launchers as they are'] = { files: ['tools/embedded/start.ts', 'tools/embedded/bundled-fakes.ts', 'tools/fakes/start.ts', 'tools/cluster/topology.ts', 'tools/cluster/nats-cluster.ts', 'tools/cluster/local-postgres.ts'] };

beforeAll(() => {
  const names = Object.keys(cases);
  const output = execFileSync(process.execPath, ['-e', linter], {
    cwd: root,
    input: JSON.stringify(names.map((name) => cases[name])),
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const results = JSON.parse(output.toString()) as string[][];
  found = Object.fromEntries(names.map((name, i) => [name, results[i]]));
}, 180_000);

const errors = async (name: string): Promise<string[]> => found[name];

describe('module boundaries', () => {
  it('the launcher as it is passes', async () => {
    expect(await errors('launchers as they are')).toEqual([]);
  });

  it('the launcher may start the apps and the vendor fakes', async () => {
    expect(await errors('launcher→app')).toEqual([]);
    expect(await errors('launcher→fakes')).toEqual([]);
  });

  it('a launcher and the test helpers share the port and wait helpers through a lib', async () => {
    expect(await errors('launcher→launching')).toEqual([]);
    expect(await errors('testing→launching')).toEqual([]);
  });

  it('the launcher may not load the test helpers', async () => {
    expect(await errors('launcher→testing')).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: A project tagged with "type:launcher" can only depend on libs tagged with "type:lib", "type:contracts", "type:vendor-fake"$/),
    ]);
  });

  it('the launcher may not deep-import an app by a relative path', async () => {
    expect(await errors('launcher→app by path')).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/),
    ]);
  });

  it('an app may not import another app, even through the launcher’s alias', async () => {
    expect(await errors('app→app')).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: Imports of apps are forbidden/),
    ]);
  });

  it('shipped app and lib code may not load the vendor fakes or the test helpers; specs may', async () => {
    expect(await errors('app→fakes')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Vendor fakes run only in tests and in the launchers/),
    ]);
    expect(await errors('app→testing')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Test helpers are for specs/),
    ]);
    expect(await errors('lib→fakes')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*type:lib/)]),
    );
    expect(await errors('app spec→fakes')).toEqual([]);
  });

  it('the vendor fakes depend on nothing of Sitrep', async () => {
    expect(await errors('fakes→config')).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: .*type:vendor-fake/),
    ]);
  });
});
