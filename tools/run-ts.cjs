#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: each .ts file is transpiled on load by @swc/core with
// the options of tsconfig.base.json (decorator metadata for NestJS, ES2022 class fields, our libs' path
// aliases rewritten to files), and an inline source map. Transpiled files are kept in a cache folder keyed
// by their source (SITREP_TS_CACHE_DIR, default <tmpdir>/sitrep-run-ts-<uid>; "off" to not cache), which
// takes a few hundred milliseconds off each start, and spares a process whose files are all cached loading
// @swc/core's native binding at all (about 23 MiB of resident memory). `run-ts --precompile <dir>...` fills
// the cache ahead (the Docker image does, at build time).
//
// It used to register @swc-node/register (now removed), which does the same but loads the TypeScript compiler to read the
// tsconfig: about 25 MiB more in every process (measured on comms at rest), for nothing the apps use.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// Loaded on the first file not in the cache, if any.
const transformSync = (source, options) => require('@swc/core').transformSync(source, options);

const root = path.join(__dirname, '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const baseUrl = path.resolve(root, compilerOptions.baseUrl);
const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((target) => path.resolve(baseUrl, target))]));

/** The options @swc-node/register derived from tsconfig.base.json (target ES2022, commonjs, experimentalDecorators, emitDecoratorMetadata, esModuleInterop). */
const swcOptions = (filename) => ({
  filename,
  swcrc: false,
  isModule: true,
  sourceMaps: 'inline',
  inlineSourcesContent: true,
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', tsx: false, decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    keepClassNames: true,
    externalHelpers: false,
    baseUrl,
    paths,
    experimental: { keepImportAttributes: true },
  },
  module: { type: 'commonjs', noInterop: false, ignoreDynamic: false },
});

const cacheDir = process.env.SITREP_TS_CACHE_DIR ?? path.join(os.tmpdir(), `sitrep-run-ts-${os.userInfo().uid}`);
const swcVersion = require('@swc/core/package.json').version;

function transpile(source, filename) {
  if (cacheDir === 'off') return transformSync(source, swcOptions(filename)).code;
  // The file's path is part of the key: the path aliases are rewritten relative to it.
  const key = createHash('sha1').update(`${swcVersion}\0${JSON.stringify(swcOptions(filename))}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const { code } = transformSync(source, swcOptions(filename));
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      // Written under a temporary name and renamed, so a process starting beside this one never reads half a file.
      const temporary = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, cached);
    } catch {
      // A read-only or full disk only costs the next start the transpiling.
    }
    return code;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

/** Transpiles every .ts file under `dirs` into the cache. */
function precompile(dirs) {
  let count = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(file);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        transpile(fs.readFileSync(file, 'utf8'), file);
        count++;
      }
    }
  };
  for (const dir of dirs) walk(path.resolve(dir));
  console.log(`run-ts: ${count} files transpiled into ${cacheDir}`);
}

if (require.main === module && process.argv[2] === '--precompile') {
  precompile(process.argv.slice(3));
} else if (require.main === module) {
  const entry = process.argv[2];
  if (!entry) {
    console.error('usage: run-ts <entry.ts> [args...]');
    process.exit(2);
  }
  process.argv.splice(1, 1);
  require(path.resolve(entry));
}
