import { Counter, Registry } from 'prom-client';
import { BatchedCounter } from '../../../src/observability/batched-counter';
import { metricValue } from '../../support/observability';

describe('BatchedCounter', () => {
  function setUp() {
    const counter = new Counter({ name: 'c', help: 'c', labelNames: ['stage'], registers: [new Registry()] });
    return { counter, batched: new BatchedCounter(counter, { stage: 'detect' }) };
  }

  it('adds the increments of a burst of synchronous work in one go, after it', async () => {
    const { counter, batched } = setUp();
    const inc = jest.spyOn(counter, 'inc');
    for (let i = 0; i < 1000; i++) batched.inc();
    expect(await metricValue(counter, { stage: 'detect' })).toBe(0);
    await Promise.resolve();
    expect(await metricValue(counter, { stage: 'detect' })).toBe(1000);
    expect(inc).toHaveBeenCalledTimes(1);
  });

  it('adds what is pending on flush', async () => {
    const { counter, batched } = setUp();
    batched.inc();
    batched.inc();
    batched.flush();
    expect(await metricValue(counter, { stage: 'detect' })).toBe(2);
    await Promise.resolve();
    expect(await metricValue(counter, { stage: 'detect' })).toBe(2);
  });
});
