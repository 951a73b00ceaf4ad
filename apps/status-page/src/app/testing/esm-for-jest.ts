import { readFileSync } from 'node:fs';
import { transformSync } from '@swc/core';

/**
 * `feed` ships as an ES module only. Node 20.19+ require()s it natively (the app and the system tests do),
 * but Jest's own module loader does not before Node 24.9. Unit specs that render feeds map it with
 * `jest.mock('feed', () => jest.requireActual('./testing/esm-for-jest').loadEsmForJest('feed'))`.
 */
export function loadEsmForJest(specifier: string): unknown {
  const path = require.resolve(specifier);
  const { code } = transformSync(readFileSync(path, 'utf8'), { filename: path, module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } } });
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports;
}
