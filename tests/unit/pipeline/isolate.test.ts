import { of, take, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { type IsolateHooks, type IsolateOptions, isolate } from '../../../src/pipeline/isolate';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Backoff without jitter (random 0): 10, 20, 40, 40... ms. */
function options(overrides: Partial<IsolateOptions> = {}): IsolateOptions {
  return {
    name: 'edge',
    inactivityTimeout: 0,
    backoff: { initial: 10, max: 40, multiplier: 2, jitter: 0.5 },
    restartOnComplete: false,
    random: () => 0,
    ...overrides,
  };
}

function recorder() {
  const states: string[] = [];
  const retries: Array<[number, number]> = [];
  const hooks: IsolateHooks = {
    onState: (state, error) =>
      states.push(error === undefined ? state : `${state}: ${(error as Error).message}`),
    onRetry: (attempt, delay) => retries.push([attempt, delay]),
  };
  return { states, retries, hooks };
}

describe('isolate', () => {
  it('restarts a failing source after backoff; the attempt count starts again after a value', () => {
    const { states, retries, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-#', { a: 1 }, new Error('reset by peer'));
      expectObservable(isolate(() => source, options(), hooks).pipe(take(3))).toBe('a 11ms a 11ms (a|)', {
        a: 1,
      });
    });
    expect(states).toEqual(['starting', 'up', 'down: reset by peer', 'up', 'down: reset by peer', 'up']);
    expect(retries).toEqual([
      [1, 10],
      [1, 10],
    ]);
  });

  it('backs off exponentially up to the maximum while the source keeps failing, and never errors', () => {
    const { states, retries, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', {}, new Error('refused'));
      expectObservable(
        isolate(() => source, options(), hooks),
        '^ 150ms !',
      ).toBe('');
      expectSubscriptions(source.subscriptions).toBe([
        '^-!',
        '12ms ^-!',
        '34ms ^-!',
        '76ms ^-!',
        '118ms ^-!',
      ]);
    });
    expect(retries).toEqual([
      [1, 10],
      [2, 20],
      [3, 40],
      [4, 40],
      [5, 40],
    ]);
    expect(states.slice(0, 3)).toEqual(['starting', 'down: refused', 'down: refused']);
  });

  it('applies jitter from the random source', () => {
    const { retries, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('#', {}, new Error('x'));
      // random 0.9 with jitter 0.5: the delay is 10 * (1 - 0.45)
      expectObservable(
        isolate(() => source, options({ random: () => 0.9 }), hooks),
        '^ 7ms !',
      ).toBe('');
    });
    expect(retries).toEqual([
      [1, 6],
      [2, 11],
    ]);
  });

  it('restarts a source silent for longer than the inactivity timeout', () => {
    const { states, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 9ms b', { a: 1, b: 2 });
      expectObservable(isolate(() => source, options({ inactivityTimeout: 5 }), hooks).pipe(take(2))).toBe(
        'a 14ms (a|)',
        { a: 1 },
      );
    });
    expect(states).toEqual(['starting', 'up', 'down: edge: no data for 5 ms', 'up']);
  });

  it('counts the wait for the first value as inactivity too', () => {
    const { states, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(
        isolate(() => cold('-'), options({ inactivityTimeout: 5 }), hooks),
        '^ 6ms !',
      ).toBe('');
    });
    expect(states).toEqual(['starting', 'down: edge: no data for 5 ms']);
  });

  it('restarts a completed source with restartOnComplete', () => {
    const { states, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: 1 });
      expectObservable(isolate(() => source, options({ restartOnComplete: true }), hooks).pipe(take(2))).toBe(
        'a 10ms (a|)',
        { a: 1 },
      );
    });
    expect(states).toEqual(['starting', 'up', 'down: edge: source completed', 'up']);
  });

  it('completes with the source without restartOnComplete', () => {
    const { states, hooks } = recorder();
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(isolate(() => cold('a-b|'), options({ inactivityTimeout: 5 }), hooks)).toBe('a-b|');
    });
    expect(states).toEqual(['starting', 'up']);
  });

  it('treats a source factory that throws like a failing source', () => {
    const { states, hooks } = recorder();
    let calls = 0;
    testScheduler().run(({ cold, expectObservable }) => {
      const factory = () => {
        calls++;
        if (calls === 1) throw new Error('bad address');
        return cold('a', { a: 1 });
      };
      expectObservable(isolate(factory, options(), hooks)).toBe('10ms a', { a: 1 });
    });
    expect(states).toEqual(['starting', 'down: bad address', 'up']);
  });

  it('waits on the scheduler it is given', () => {
    const scheduler = new TestScheduler(() => {});
    const { retries, hooks } = recorder();
    let attempts = 0;
    const values: number[] = [];
    let completed = false;
    const source = () => {
      attempts++;
      return attempts < 3 ? throwError(() => new Error('x')) : of(7);
    };
    isolate(source, options({ scheduler }), hooks).subscribe({
      next: (v) => values.push(v),
      complete: () => {
        completed = true;
      },
    });
    expect(attempts).toBe(1);
    scheduler.flush();
    expect([attempts, values, completed]).toEqual([3, [7], true]);
    expect(retries).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });
});
