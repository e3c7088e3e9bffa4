// Lint: ESLint's and typescript-eslint's recommended rules, plus the few the project's style
// asks for, and the layering (docs/architecture.md):
// - the edges touch the world: file, process and network I/O (node:fs, node:child_process,
//   node:net) only in src/cli, src/collect and src/inputs (which only reads the user's files);
// - the core (every other module of src/: model, engine, history, contract, data, parse, rules,
//   plan, report, render) never imports an edge: what it needs is passed in;
// - src/inputs never imports src/cli or src/collect, and src/collect never imports src/cli;
// - src/plan never imports src/report (the HTML report embeds the plan, so report → plan is
//   the one allowed direction; what both need lives below them in src/render).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net'].flatMap((name) => [name, `node:${name}`]);
const io = IO_MODULES.map((name) => ({ name, message: 'File, process and network I/O belongs in src/cli, src/collect or src/inputs (only the edges touch the world).' }));
const EDGES = { regex: '(^|/)(cli|collect|inputs)/', message: 'The pure core does not import src/cli, src/collect or src/inputs: pass what it needs in.' };
const ABOVE_INPUTS = { regex: '(^|/)(cli|collect)/', message: 'src/inputs reads and checks files; it does not import src/cli or src/collect.' };
const ABOVE_COLLECT = { regex: '(^|/)cli/', message: 'src/collect does not import src/cli.' };
const REPORT = { regex: '(^|/)report/', message: 'src/plan does not import src/report (report → plan is the one direction); shared helpers live in src/render.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { paths: io, ...(patterns.length > 0 ? { patterns } : {}) }] });
/** The edges may do I/O, but not import the layers above them. */
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const EDGE_DIRS = ['src/cli/**', 'src/collect/**', 'src/inputs/**'];

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
        { selector: 'TSEnumDeclaration', message: 'Use a string union and `as const` (docs/architecture.md#layers).' },
        // zod's `z` object re-exports all of zod, every locale included: the bundle carried 750 KB
        // of it and each run of the CLI compiled it (0.1 s). The namespace import lets esbuild
        // keep only what is used (190 KB).
        { selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']", message: "Use `import * as z from 'zod'`: the named `z` keeps all of zod in the bundle." },
      ],
    },
  },
  // The core: every module of src/ but the edges (the package ships the CLI only: no entry point
  // outside src/cli/).
  { files: ['src/**/*.ts'], ignores: [...EDGE_DIRS], rules: restrict(EDGES) },
  { files: ['src/inputs/**/*.ts'], rules: restrictImports(ABOVE_INPUTS) },
  { files: ['src/collect/**/*.ts'], rules: restrictImports(ABOVE_COLLECT) },
  { files: ['src/plan/**/*.ts'], rules: restrict(EDGES, REPORT) },
);
