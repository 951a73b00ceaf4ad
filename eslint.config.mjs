import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['jest.config.js', 'tools/jest/**', 'node_modules/**', 'dist/**', 'tmp/**', '.sitrep/**', '.nx/**', 'coverage/**', '**/*.cjs', 'docker/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          allow: [],
          depConstraints: [
            // The event contracts are the shared language: they depend on nothing of ours.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            // Apps never import apps; they meet only through libs and events.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'scope:incident-core', onlyDependOnLibsWithTags: ['scope:shared', 'scope:incident-core'] },
            { sourceTag: 'scope:comms', onlyDependOnLibsWithTags: ['scope:shared', 'scope:comms'] },
            { sourceTag: 'scope:status-page', onlyDependOnLibsWithTags: ['scope:shared', 'scope:status-page'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
];
