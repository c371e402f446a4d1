/**
 * Import layers (issue 15), checked by `npm run lint:layers`. The folders and what each may import
 * are drawn in docs/architecture.md; this file is the part of that map a machine can hold us to.
 *
 *   knowledge/  the search core: imports no other folder of ours
 *   dialogs/    conversations: may import knowledge/, and declares in dialogs/ports.ts what it
 *               needs from the server instead of importing bot/
 *   bot/        the server: implements those ports and wires everything
 *   scripts/, bench/, tests/  tools around the runtime; the runtime never imports them
 *
 * Type-only imports count (tsPreCompilationDeps): a type borrowed from a higher layer ties the
 * lower one to it just as a value does.
 */
/** Runtime folders: what `npm start` loads. */
const RUNTIME = '^(bot|knowledge|dialogs)/';
/** The Bot Framework SDK, out of support since 2025-12-31, so kept behind one seam. */
const BOT_FRAMEWORK_SDK = '^node_modules/(botbuilder|botframework-)[^/]*/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles make load order matter and features impossible to take apart; break one with an interface or by moving the shared piece down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'knowledge-stands-alone',
      severity: 'error',
      comment: 'knowledge/ is the search core the server, the dialogs and the CLIs build on; it must not lean on any of them.',
      from: { path: '^knowledge/' },
      to: { path: '^(bot|dialogs|scripts|bench|tests)/' },
    },
    {
      name: 'dialogs-use-ports-not-the-server',
      severity: 'error',
      comment: 'dialogs/ declares what it needs from the server in dialogs/ports.ts and receives it injected; importing bot/ would tie every conversation to the server.',
      from: { path: '^dialogs/' },
      to: { path: '^bot/' },
    },
    {
      name: 'runtime-not-to-tools',
      severity: 'error',
      comment: 'Runtime code must not load tests, scripts or benchmarks: they are not part of the deployed service.',
      from: { path: RUNTIME },
      to: { path: '^(tests|scripts|bench)/' },
    },
    {
      name: 'bot-framework-behind-one-seam',
      severity: 'error',
      comment: 'botbuilder*/botframework-* may be imported only from bot/botframework/ and dialogs/ (and by tests and benchmarks), so a move to the Microsoft 365 Agents SDK touches one folder.',
      from: { pathNot: '^(bot/botframework|dialogs|tests|bench)/' },
      to: { path: BOT_FRAMEWORK_SDK },
    },
    {
      name: 'runtime-not-to-dev-dependencies',
      severity: 'error',
      comment: 'A production install (npm ci --omit=dev) lacks devDependencies; runtime code that imports one fails there and only there.',
      from: { path: RUNTIME },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '^node_modules/@types/' },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      comment: 'A package used but not in package.json arrives only as some other package\'s dependency and can vanish with its next release.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-deprecated-core',
      severity: 'error',
      comment: 'Deprecated Node core modules (punycode, domain, …) are on their way out.',
      from: {},
      to: { dependencyTypes: ['core'], path: '^(punycode|domain|constants|sys|_linklist|_stream_wrap)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
