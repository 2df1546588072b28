import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NoctuaApp } from './app';
import type { NoctuaConfig } from './config/schema';
import type { Logger } from './observability/logger';

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalidConfig: 3,
  alreadyRunning: 4,
  /** The shutdown deadline passed before everything was flushed. */
  unclean: 5,
  /** A second signal arrived during shutdown. */
  interrupted: 130,
} as const;

/**
 * Runs Noctua as a service until SIGINT/SIGTERM (or until bounded collectors
 * finish): one signal stops gracefully within the shutdown deadline, a second
 * one exits at once.
 */
export async function runService(config: NoctuaConfig, logger: Logger, version: string): Promise<number> {
  const pidFile = config.service.pid_file;
  if (pidFile) {
    const holder = claimPidFile(pidFile);
    if (holder !== undefined) {
      logger.error({ pid_file: pidFile, pid: holder }, 'another noctua instance is running');
      return ExitCode.alreadyRunning;
    }
  }
  const app = new NoctuaApp(config, { logger, version });
  let signalled = false;
  const stopped = new Promise<NodeJS.Signals | 'finished'>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting at once');
        releasePidFile(pidFile);
        process.exit(ExitCode.interrupted);
      }
      signalled = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    app.finished.then(
      () => resolve('finished'),
      () => resolve('finished'),
    );
  });
  try {
    await app.start();
    const reason = await stopped;
    logger.info({ reason }, 'shutting down');
    const report = await app.stop();
    return report.clean ? ExitCode.ok : ExitCode.unclean;
  } catch (error) {
    logger.fatal({ err: error }, 'noctua failed');
    await app.stop().catch(() => undefined);
    return ExitCode.failure;
  } finally {
    releasePidFile(pidFile);
  }
}

/** Writes our PID; returns the PID of a live holder instead when another instance owns the file. */
export function claimPidFile(path: string): number | undefined {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) return holder;
  // A stale file from a crashed instance: take it over.
  writeFileSync(path, `${process.pid}\n`);
  return undefined;
}

function releasePidFile(path: string | undefined): void {
  if (!path) return;
  try {
    if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
