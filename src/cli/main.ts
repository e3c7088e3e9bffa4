// argv → options → exit code. The only module that writes to stdout (through CliIO).
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { printableLine } from '../render/text.js';
import { EXIT_USAGE } from '../engine/result.js';
import { DEFAULT_CHECKS, RULE_CATEGORIES, type Severity } from '../model.js';
import { processIO, type CliIO } from './io.js';
import {
  collectList,
  formatsFlag,
  parseChecks,
  parseDate,
  parseEnvName,
  parseFailOn,
  parseGateFlag,
  parseIncomplete,
  parseHostKeyPolicy,
  parseMinVersion,
  parsePort,
  parsePositiveInt,
  parseSeconds,
  parseUserName,
  todayUtc,
  type FormatsFlag,
  type FormatSpec,
} from './options.js';
import { runConvert, runDiff, runPlan } from './report-commands.js';
import { planFormats, type PlanFormat } from '../plan/formats.js';
import { diffFormats, type DiffFormat } from '../report/diff.js';
import { demoFleetPath, runScan, type ScanCommandOptions } from './scan.js';
import { toolInfo } from './tool.js';
import { runTrend } from './trend-command.js';
import { trendFormats, type TrendFormat } from '../report/trend-formats.js';
import { reporters } from '../report/index.js';
import { rulesJson, rulesTable } from './rules-command.js';
import { buildsFormats, runBuilds, type BuildsFormat } from './builds-command.js';
import { loadBuildsTable } from './scan.js';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for (--help, `help`) or the version: 0. Help shown because the command line
      // named no command (`campaign-audit` alone) is a usage error: 2, like any other.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return error.code === 'commander.help' && error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof InputError) {
      // The one place an input error is printed: whatever its message holds (a file name, a key
      // of a hostile file, a flag's value), it reaches the terminal as one printable line.
      io.writeErr(`campaign-audit: ${printableLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}

type SetExitCode = (code: number) => void;

function buildProgram(io: CliIO, setExitCode: SetExitCode): Command {
  const program = new Command('campaign-audit')
    .description('Audit Adobe Campaign Classic v7 fleets for the JWT to OAuth Server-to-Server migration.')
    .version(toolInfo().version)
    .showSuggestionAfterError(true);
  configure(program, io);
  for (const add of [addScanCommand, addDemoCommand, addReportCommands, addRulesCommand, addBuildsCommand]) add(program, io, setExitCode);
  return program;
}

/** scan: hosts over SSH, --local, --dir or --evidence, judged and reported. */
function addScanCommand(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  const scan = program
    .command('scan')
    .description('Scan hosts and report JWT credentials, old builds and related findings.')
    .argument('[targets...]', '[user@]host[:port] or an ssh_config alias (SSH)')
    .option('-i, --inventory <file>', 'YAML inventory of SSH hosts (docs/ssh.md)')
    .option('--dir <path>', 'offline copies: PATH/<host>/conf/*.xml (+ PATH/<host>/pdump.txt)')
    .option('--evidence <path>', 're-evaluate snapshots saved by --save-evidence')
    .option('--local', "audit this machine's own installation")
    .option('--install-dir <dir>', `Campaign install dir on the hosts (default ${DEFAULT_INSTALL_DIR}; a relative path is relative to the login home)`)
    // 64: as fast as 32 on loopback and 10-15% faster at 50 ms RTT (bench/results, issue #5).
    .option('--concurrency <n>', 'hosts scanned at once', parsePositiveInt('--concurrency', 1024), 64)
    .option('--connect-timeout <seconds>', 'time for TCP connect, SSH handshake and login, per hop', parseSeconds, 10)
    .option('--command-timeout <seconds>', 'time a host may take to answer', parseSeconds, 60)
    .option('--known-hosts <file>', 'known_hosts file for host keys (default ~/.ssh/known_hosts, plus /etc/ssh/ssh_known_hosts for reading)')
    .option('--host-key-policy <policy>', 'strict (unknown keys refused) or accept-new (record unknown keys); a changed key is always refused', parseHostKeyPolicy, 'strict')
    .option('--ssh-config <file>', 'OpenSSH client config (default ~/.ssh/config and /etc/ssh/ssh_config; "none" to read none)')
    .option('--identity <file>', 'private key file for every host without its own identityFile')
    .option('--passphrase-env <var>', 'environment variable holding the passphrase of encrypted keys', parseEnvName)
    .option('--user <user>', 'login user for hosts that do not set one')
    .option('--port <port>', 'SSH port for hosts that do not set one', parsePort)
    .option('--jump <[user@]host[:port]>', 'jump host (ProxyJump) for hosts that do not set one; comma-separated for a chain')
    .option('--become <user>', 'run the collector through sudo -n -u USER', parseUserName)
    .option('--tag <tag>', 'scan only inventory hosts with this tag (repeatable: any of them)', collectList)
    .option('--debug', "--verbose plus ssh2's protocol trace (message names and sizes; never file contents or secrets)")
    .option('--dry-run', 'resolve every host (inventory, ssh_config, jump hosts, keys) and print what would run on each, then stop: nothing is contacted or written');
  addEvaluationOptions(scan);
  scan.action(async (targets: string[], options: ScanCommandOptions) => {
    setExitCode(await runScan(io, { ...options, targets }));
  });
}

/** demo: the bundled demo fleet, shown and not gated. */
function addDemoCommand(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  const demo = program
    .command('demo')
    .description('Scan the bundled demo fleet (no network, no setup). Exits 0 unless --fail-on is given.');
  addEvaluationOptions(demo);
  demo.action(async (options: ScanCommandOptions, command: Command) => {
    const isGating = command.getOptionValueSource('failOn') === 'cli';
    const code = await runScan(io, { ...options, targets: [], dir: demoFleetPath(), concurrency: 8, commandTimeout: 60, demoKey: true });
    // The demo shows, it does not gate; a report it could not write is still an error.
    setExitCode(isGating || code === EXIT_USAGE ? code : 0);
  });
}

/** plan, convert, diff and trend: commands over saved JSON reports. */
function addReportCommands(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  const plan = program
    .command('plan')
    .description('Turn a JSON report into a migration plan grouped by Campaign instance.')
    .argument('<report.json>', 'a report written by scan --format json=FILE');
  addFormatOption(plan, planFormats, 'markdown');
  plan.action(async (report: string, options: { format: FormatSpec<PlanFormat>[] }) => {
    setExitCode(await runPlan(io, report, options.format));
  });

  const convert = program
    .command('convert')
    .description('Render a saved JSON report in other formats.')
    .argument('<report.json>', 'a report written by scan --format json=FILE');
  addFormatOption(convert, reporters);
  convert.action(async (report: string, options: { format?: FormatSpec[] }) => {
    setExitCode(await runConvert(io, report, options.format));
  });

  const diff = program
    .command('diff')
    .description('Compare two JSON reports: new, resolved and unchanged findings, host changes.')
    .argument('<old.json>')
    .argument('<new.json>')
    .option('--fail-on-new <severity>', 'exit 1 when the new report has an unwaived finding at or above SEVERITY that the old one had not (default: always exit 0)', parseFailOn);
  addFormatOption(diff, diffFormats, 'table');
  diff.action(async (oldReport: string, newReport: string, options: { format: FormatSpec<DiffFormat>[]; failOnNew?: Severity | 'none' }) => {
    setExitCode(await runDiff(io, oldReport, newReport, options.format, options.failOnNew));
  });

  const trend = program
    .command('trend')
    .description('Migration progress over saved JSON reports: per date, instances migrated, containers on JWT, old builds, findings per category, deadlines, host changes.')
    .argument('<reports...>', 'JSON reports written by scan --format json=FILE, or folders of them (their *.json files)')
    .option('--allow-mixed', 'trend reports that share fewer than half their hosts (different fleets) instead of refusing them');
  addFormatOption(trend, trendFormats, 'table');
  trend.action(async (reports: string[], options: { format: FormatSpec<TrendFormat>[]; allowMixed?: boolean }) => {
    setExitCode(await runTrend(io, reports, options.format, { allowMixed: options.allowMixed }));
  });
}

/** rules: the rule registry. */
function addRulesCommand(program: Command, io: CliIO): void {
  program
    .command('rules')
    .description('List every rule with its id, severity and summary.')
    .option('--json', 'print the list as JSON, with each rule\'s category, requirements, doc page and remediation')
    .action((options: { json?: boolean }) => {
      io.writeOut(options.json ? rulesJson() : rulesTable(io.columns));
    });
}

/** builds: the build data in use. */
function addBuildsCommand(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  const builds = program
    .command('builds')
    .description('Print the build data in use: Campaign Classic v7 builds, security bulletins, the check date and where each row came from.')
    .option('--builds <file>', 'YAML or JSON build data to merge with the shipped table (same shape as the shipped builds.json)')
    .option('--policy <file>', "YAML policy whose builds: key adds rows")
    .option('--json', 'print the table as JSON (same as -f json)')
    .option('--as-of <date>', 'the date the build data\'s age is judged at, YYYY-MM-DD (default: today, UTC)', parseDate);
  const buildsFlag = addFormatOption(builds, buildsFormats, 'table');
  builds.action(async (options: { builds?: string; policy?: string; json?: boolean; asOf?: string; format: FormatSpec<BuildsFormat>[] }) => {
    const formats = options.json === true ? buildsFlag.parse('json', options.format) : options.format;
    setExitCode(await runBuilds(io, { table: await loadBuildsTable(options), asOf: options.asOf ?? todayUtc(io.now()) }, formats));
  });
}

/**
 * `-f FMT[=FILE]` from the command's format registry: the names in the option's help and a
 * "Formats:" block with each name's summary after it, so nobody has to guess them.
 */
function addFormatOption<F extends string>(command: Command, registry: Readonly<Record<F, { summary: string }>>, fallback?: NoInfer<F>): FormatsFlag<F> {
  const flag = formatsFlag(registry, fallback);
  command.addOption(flag.option).addHelpText('after', flag.help);
  return flag;
}

function addEvaluationOptions(command: Command): void {
  addFormatOption(command, reporters, 'table');
  command
    .option('--as-of <date>', 'evaluation date YYYY-MM-DD (default: today, UTC)', parseDate)
    .option('--cutoff <date>', 'JWT cutoff date YYYY-MM-DD (default: 2025-01-27)', parseDate)
    .option('--min-version <version>', 'minimum v7 release, mapped to its build (default: 7.4.1 = 9383)', parseMinVersion)
    .option('--fail-on <severity>', 'gate threshold: critical, high, medium, low, info or none (default: high); a category the policy gives its own gate keeps it; CATEGORY=SEVERITY (comma-separated, e.g. security=critical,migration=high) gives a category its own', parseGateFlag)
    .option('--checks <categories>', `categories of rules to run, comma-separated: ${RULE_CATEGORIES.join(', ')} (default: ${DEFAULT_CHECKS.join(',')}; hardening is opt-in)`, parseChecks)
    .option('--incomplete <outcome>', 'exit of a scan that could not read every host and did not fail otherwise: pass (0), fail (1) or error (3, the default)', parseIncomplete)
    .option('--waivers <file>', 'YAML waivers: matching findings are marked and do not gate')
    .option('--baseline <report.json>', 'only findings absent from this earlier JSON report gate')
    .option('--policy <file>', 'YAML policy: cutoff, minVersion, failOn, per-category gates, alwaysGate, per-rule severities, signatures, builds')
    .option('--builds <file>', 'YAML or JSON build data (newer builds, security bulletins) merged with the shipped table')
    .option('--save-evidence <dir>', 'write one redacted snapshot per host to DIR')
    .option('--fingerprint-key <file>', 'key for the fingerprints of secret values (default: $CAMPAIGN_AUDIT_FINGERPRINT_KEY, else ~/.config/campaign-audit/fingerprint.key, made on first use)')
    .option('--no-progress', 'no progress on stderr')
    .option('-q, --quiet', 'nothing on stderr but errors')
    .option('-v, --verbose', 'log each host step by step on stderr: connection, host key, login, command, what was read');
}

/** Errors from commander become one line on stderr; help goes to stdout. Subcommands inherit this. */
function configure(command: Command, io: CliIO): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.writeOut(text),
    writeErr: (text) => io.writeErr(text),
    // Commander quotes the argument it refused: printable and on one line, as every error.
    outputError: (text, write) => write(`campaign-audit: ${printableLine(text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim())}\n`),
  });
}
