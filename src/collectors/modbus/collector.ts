import { concat, defer, EMPTY, merge, Observable, throwError } from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
import type { CollectorDeps } from '../registry';
import type { ModbusConfig } from './config';
import { ModbusDevicePoller } from './device';

/**
 * Polls Modbus/TCP devices on an interval, each device on its own connection
 * and its own schedule, so that a slow or dead device never delays another.
 * A poll still running when the next is due makes that one skipped (counted),
 * never stacked. The stream never errors in service mode; with `once`, each
 * device polls once and the stream errors at the end, after every sample,
 * when a device could not be reached.
 */
export class ModbusCollector implements Collector {
  readonly kind = 'modbus';

  constructor(
    readonly name: string,
    private readonly config: ModbusConfig,
    private readonly deps: CollectorDeps,
  ) {}

  samples$(options: CollectOptions = {}): Observable<Sample> {
    return defer(() => {
      const unreachable: string[] = [];
      const devices = Object.keys(this.config.devices).map((device) =>
        this.device$(device, options, unreachable),
      );
      this.deps.status.set('collector', this.name, 'up', { devices: devices.length });
      return concat(
        merge(...devices),
        defer(() =>
          unreachable.length === 0
            ? EMPTY
            : throwError(() => new Error(`unreachable: ${unreachable.join('; ')}`)),
        ),
      );
    });
  }

  private device$(device: string, options: CollectOptions, unreachable: string[]): Observable<Sample> {
    return new Observable<Sample>((subscriber) => {
      const poller = new ModbusDevicePoller(this.name, device, this.config.devices[device]!, {
        logger: this.deps.logger,
        metrics: this.deps.metrics,
        status: this.deps.status,
        now: this.deps.now ?? Date.now,
        backoff: this.config.backoff,
      });
      const emit = (sample: Sample) => subscriber.next(sample);
      let running = false;
      const tick = () => {
        if (running) return poller.skip();
        running = true;
        void poller.poll(emit).then((outcome) => {
          running = false;
          if (!options.once) return;
          if (outcome === 'down') unreachable.push(`${device}: ${poller.lastProblem}`);
          subscriber.complete();
        });
      };
      tick();
      const timer = options.once ? undefined : setInterval(tick, this.config.interval);
      return () => {
        clearInterval(timer);
        poller.stop();
      };
    });
  }
}
