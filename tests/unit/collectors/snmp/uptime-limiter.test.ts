import { Limiter } from '../../../../src/collectors/snmp/limiter';
import { UptimeWatch } from '../../../../src/collectors/snmp/uptime';

describe('UptimeWatch', () => {
  it.each<[string, Array<number | undefined>, boolean[]]>([
    ['first uptime is no restart', [100], [false]],
    ['rising uptime', [100, 200, 300], [false, false, false]],
    ['uptime going back is a restart, once', [5000, 6000, 20, 120], [false, false, true, false]],
    ['equal uptime is no restart', [100, 100], [false, false]],
    ['a missing uptime changes nothing', [5000, undefined, 10], [false, false, true]],
  ])('%s', (_, uptimes, expected) => {
    const watch = new UptimeWatch();
    expect(uptimes.map((uptime) => watch.restarted(uptime))).toEqual(expected);
  });
});

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, in order, and frees a slot when a task fails', async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (id: number, fail = false) =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        order.push(id);
        if (fail) throw new Error(`task ${id}`);
        return id;
      });
    const results = await Promise.allSettled([task(1), task(2, true), task(3), task(4), task(5)]);
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });
});
