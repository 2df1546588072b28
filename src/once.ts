import { catchError, EMPTY, identity, lastValueFrom, merge, tap, throwError, timeout } from 'rxjs';
import { createCollector } from './collectors/registry';
import type { NoctuaConfig } from './config/schema';
import { componentLogger, type Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';
import { StatusBoard } from './observability/status';
import { normalize } from './pipeline/normalize';
import { encodeSampleJson } from './sinks/json-lines';

/**
 * `noctua run --once`, like Telegraf's `--test`: every collector polls or
 * receives one round, samples go to `write` as JSON lines, nothing is stored.
 * Resolves with the names of collectors that failed or timed out.
 */
export async function collectOnce(
  config: NoctuaConfig,
  deps: { logger: Logger; metrics: Metrics },
  write: (line: string) => void,
): Promise<string[]> {
  const failed: string[] = [];
  const status = new StatusBoard();
  const rounds = Object.entries(config.collectors).map(([name, settings]) => {
    const collector = createCollector(name, settings, { ...deps, status });
    const log = componentLogger(deps.logger, 'collector', name);
    const limit = settings.inactivity_timeout;
    return collector.samples$({ once: true }).pipe(
      // 0 means no limit, as in isolate() (a dial-out server may wait for its first router).
      limit > 0
        ? timeout({ each: limit, with: () => throwError(() => new Error(`no data within ${limit} ms`)) })
        : identity,
      catchError((error: unknown) => {
        log.error({ err: error }, 'collector failed');
        failed.push(name);
        return EMPTY;
      }),
    );
  });
  await lastValueFrom(
    merge(...rounds).pipe(
      normalize(deps),
      tap((sample) => write(encodeSampleJson(sample))),
    ),
    { defaultValue: undefined },
  );
  return failed;
}
