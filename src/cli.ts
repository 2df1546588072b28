#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, formatIssue, type LoadedConfig, loadConfigFile } from './config/load';
import type { RuleConfig } from './config/schema';
import { createLogger, type LogLevel } from './observability/logger';
import { Metrics } from './observability/metrics';
import { collectOnce } from './once';
import { ReplayInputError } from './replay/csv';
import { detectorFromArgs, replayRule } from './replay/detector-args';
import { replay } from './replay/replay';
import { ExitCode, runService } from './service';

const PACKAGE_ROOT = join(__dirname, '..');
const DEMO_CONFIG = join(PACKAGE_ROOT, 'examples', 'demo.yaml');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; help: string }>;
  run(values: Record<string, string | boolean | string[] | undefined>): Promise<number>;
}

const configOption = { type: 'string', short: 'c', help: 'config file (YAML)' } as const;
const logLevelOption = {
  type: 'string',
  help: `log level: ${LOG_LEVELS.join(', ')} (overrides the config)`,
} as const;

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'run the service with a config file',
    usage: 'noctua run -c FILE [--once] [--log-level LEVEL]',
    options: {
      config: configOption,
      once: { type: 'boolean', help: 'poll or receive once, print samples as JSON lines on stdout, exit' },
      'log-level': logLevelOption,
    },
    run: async (values) => {
      const loaded = loadOrReport(values.config);
      if (!loaded) return ExitCode.invalidConfig;
      const config = loaded.config;
      const logger = createLogger({
        level: logLevel(values['log-level'], config.service.log_level),
        secrets: loaded.secrets,
      });
      if (values.once) {
        const failed = await collectOnce(config, { logger, metrics: new Metrics() }, (line) =>
          process.stdout.write(`${line}\n`),
        );
        return failed.length === 0 ? ExitCode.ok : ExitCode.failure;
      }
      return runService(config, logger, version());
    },
  },
  validate: {
    summary: 'check a config file and report every error with file, line and key',
    usage: 'noctua validate -c FILE',
    options: { config: configOption },
    run: async (values) => {
      const loaded = loadOrReport(values.config);
      if (!loaded) return ExitCode.invalidConfig;
      const { collectors, sinks, rules } = loaded.config;
      const count = (o: object) => Object.keys(o).length;
      process.stdout.write(
        `${loaded.file}: valid (${count(collectors)} collectors, ${count(sinks)} sinks, ${count(rules)} rules)\n`,
      );
      return ExitCode.ok;
    },
  },
  replay: {
    summary: 'score recorded data (CSV files or file-sink JSON lines) with a detector, offline',
    usage: 'noctua replay --input PATH --output PATH [--rule FILE | --detector NAME --param key=value ...]',
    options: {
      input: {
        type: 'string',
        help: 'a CSV (timestamp,value) or JSON-lines file, or a directory tree of them',
      },
      output: { type: 'string', help: 'file or directory written, in the same layout as the input' },
      rule: {
        type: 'string',
        help: "a Noctua config file: its rules score the data (CSV: the first rule's detector)",
      },
      detector: { type: 'string', help: 'detector type, when no --rule is given (default auto)' },
      param: { type: 'string', multiple: true, help: 'detector setting key=value (repeatable)' },
    },
    run: async (values) => runReplay(values),
  },
  demo: {
    summary: 'run the embedded demo: simulated devices with injected anomalies, data under ./data',
    usage: 'noctua demo [--log-level LEVEL]',
    options: { 'log-level': logLevelOption },
    run: async (values) => COMMANDS.run!.run({ config: DEMO_CONFIG, 'log-level': values['log-level'] }),
  },
};

async function runReplay(values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const { input, output, rule, detector, param } = values;
  if (typeof input !== 'string' || typeof output !== 'string') {
    process.stderr.write('noctua replay: --input and --output are required\n');
    return ExitCode.usage;
  }
  if (typeof rule === 'string' && (detector !== undefined || param !== undefined)) {
    process.stderr.write('noctua replay: give either --rule or --detector/--param, not both\n');
    return ExitCode.usage;
  }
  let rules: Record<string, RuleConfig>;
  if (typeof rule === 'string') {
    const loaded = loadOrReport(rule);
    if (!loaded) return ExitCode.invalidConfig;
    rules = loaded.config.rules;
    if (Object.keys(rules).length === 0) {
      process.stderr.write(`noctua replay: ${rule} defines no rules\n`);
      return ExitCode.invalidConfig;
    }
  } else {
    const settings = detectorFromArgs(
      typeof detector === 'string' ? detector : 'auto',
      Array.isArray(param) ? param : [],
    );
    if (Array.isArray(settings)) {
      for (const problem of settings) process.stderr.write(`noctua replay: ${problem}\n`);
      return ExitCode.invalidConfig;
    }
    rules = { replay: replayRule(settings) };
  }
  const started = Date.now();
  let reported = started;
  try {
    const totals = replay({
      input,
      output,
      rules,
      progress: (done, total) => {
        const now = Date.now();
        if (now - reported < 1_000) return;
        reported = now;
        process.stderr.write(`noctua replay: ${done.files}/${total} files, ${done.rows} rows\n`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `noctua replay: ${totals.files} files, ${totals.rows} rows scored in ${seconds} s\n`,
    );
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof ReplayInputError) && !isFileError(error)) throw error;
    process.stderr.write(`noctua replay: ${(error as Error).message}\n`);
    return ExitCode.failure;
  }
}

function isFileError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function loadOrReport(path: string | boolean | string[] | undefined): LoadedConfig | undefined {
  if (typeof path !== 'string') {
    process.stderr.write('noctua: a config file is required (-c FILE)\n');
    return undefined;
  }
  try {
    return loadConfigFile(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write(`noctua: ${path} is invalid (${error.issues.length} errors); nothing was started\n`);
    return undefined;
  }
}

function logLevel(flag: string | boolean | string[] | undefined, configured: LogLevel): LogLevel {
  return typeof flag === 'string' ? (flag as LogLevel) : configured;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'Noctua: streaming telemetry and anomaly detection for network operations centres',
    '',
    'Usage: noctua <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options: --help (also after a command), --version',
    '',
  ].join('\n');
}

function commandHelp(name: string, command: Command): string {
  const options = Object.entries(command.options).map(([option, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${option}${spec.type === 'string' ? ' VALUE' : ''}`;
    return `  ${flag.padEnd(26)} ${spec.help}`;
  });
  return [
    `noctua ${name}: ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...options,
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : COMMANDS[topic];
    process.stdout.write(command ? commandHelp(topic!, command) : mainHelp());
    return ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`noctua ${version()}\n`);
    return ExitCode.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`noctua: unknown command "${name}"\n\n${mainHelp()}`);
    return ExitCode.usage;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const options = Object.fromEntries(
      Object.entries(command.options).map(([option, { type, short, multiple }]) => [
        option,
        { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
      ]),
    );
    values = parseArgs({
      args: rest,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values as Record<string, string | boolean | string[] | undefined>;
  } catch (error) {
    process.stderr.write(`noctua ${name}: ${(error as Error).message}\n\n${commandHelp(name, command)}`);
    return ExitCode.usage;
  }
  if (values.help) {
    process.stdout.write(commandHelp(name, command));
    return ExitCode.ok;
  }
  const level = values['log-level'];
  if (typeof level === 'string' && !LOG_LEVELS.includes(level)) {
    process.stderr.write(`noctua ${name}: unknown log level "${level}" (${LOG_LEVELS.join(', ')})\n`);
    return ExitCode.usage;
  }
  return command.run(values);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Everything is closed by now; a handle a library leaked must not keep a stopped service alive.
      setTimeout(() => process.exit(code), 2_000).unref();
    },
    (error: unknown) => {
      process.stderr.write(
        `noctua: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = ExitCode.failure;
    },
  );
}
