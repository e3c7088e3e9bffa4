// Lint: ESLint's and typescript-eslint's recommended rules, plus the few STYLE.md asks for, and
// the layering (STYLE.md "One direction", "Only the edges touch the world"):
// - file, process and network I/O (node:fs, node:child_process, node:net) only in src/cli and
//   src/collect;
// - the pure core (parse, rules, evaluate, report, render, plan) never imports src/cli or
//   src/collect;
// - src/plan never imports src/report (the HTML report embeds the plan, so report → plan is
//   the one allowed direction; what both need lives below them in src/render).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net'].flatMap((name) => [name, `node:${name}`]);
const io = IO_MODULES.map((name) => ({ name, message: 'File, process and network I/O belongs in src/cli or src/collect (STYLE.md: only the edges touch the world).' }));
const EDGES = { regex: '(^|/)(cli|collect)/', message: 'The pure core does not import src/cli or src/collect: pass what it needs in.' };
const REPORT = { regex: '(^|/)report/', message: 'src/plan does not import src/report (report → plan is the one direction); shared helpers live in src/render.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { paths: io, ...(patterns.length > 0 ? { patterns } : {}) }] });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', structuredClone: 'readonly', setImmediate: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string union and `as const` (STYLE.md).' },
        // zod's `z` object re-exports all of zod, every locale included: the bundle carried 750 KB
        // of it and each run of the CLI compiled it (0.1 s). The namespace import lets esbuild
        // keep only what is used (190 KB).
        { selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']", message: "Use `import * as z from 'zod'`: the named `z` keeps all of zod in the bundle." },
      ],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**', 'src/collect/**'], rules: restrict() },
  { files: ['src/parse/**/*.ts', 'src/rules/**/*.ts', 'src/evaluate.ts', 'src/report/**/*.ts', 'src/render/**/*.ts'], rules: restrict(EDGES) },
  { files: ['src/plan/**/*.ts'], rules: restrict(EDGES, REPORT) },
);
