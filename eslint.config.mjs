import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Project tags (project.json): type:contracts, type:lib, type:app, type:launcher (tools/embedded, tools/fakes:
// processes that compose apps and fakes), type:testing (libs/testing), type:vendor-fake (libs/vendor-fakes).
const boundaries = (allow) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    banTransitiveDependencies: true,
    allow,
    depConstraints: [
      // The event contracts are the shared language: they depend on nothing of ours.
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      // Test helpers are allowed by tag so that specs can use them; production files are kept off them below.
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
      // The vendor fakes stand in for Twilio, Slack, … and know nothing of Sitrep.
      { sourceTag: 'type:vendor-fake', onlyDependOnLibsWithTags: ['type:vendor-fake'] },
      // Apps never import apps; they meet only through libs and events.
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:vendor-fake'] },
      // A launcher ships: it may run the apps and the vendor fakes, never the test helpers.
      { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:vendor-fake'] },
      { sourceTag: 'scope:incident-core', onlyDependOnLibsWithTags: ['scope:shared', 'scope:incident-core'] },
      { sourceTag: 'scope:comms', onlyDependOnLibsWithTags: ['scope:shared', 'scope:comms'] },
      { sourceTag: 'scope:status-page', onlyDependOnLibsWithTags: ['scope:shared', 'scope:status-page'] },
      { sourceTag: 'scope:fakes', onlyDependOnLibsWithTags: ['scope:shared'] },
    ],
  },
];

export default [
  { ignores: ['jest.config.js', 'tools/jest/**', 'node_modules/**', 'dist/**', 'tmp/**', '.sitrep/**', '.nx/**', 'coverage/**', '**/*.cjs', 'docker/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The embedded launcher is the one place that starts all three apps, through their start functions only
    // (Nx refuses imports of application projects unless allowed by name).
    files: ['tools/embedded/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@sitrep/apps/comms', '@sitrep/apps/incident-core', '@sitrep/apps/status-page']) },
  },
  {
    // What the apps and libs ship never loads test helpers or vendor fakes; their specs and test harnesses may.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'apps/*/src/testing/**', 'libs/testing/**', 'libs/vendor-fakes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@sitrep/testing', message: 'Test helpers are for specs and src/testing harnesses only.' },
            { name: '@sitrep/vendor-fakes', message: 'Vendor fakes run only in tests and in the launchers (tools/embedded, tools/fakes).' },
          ],
        },
      ],
    },
  },
];
