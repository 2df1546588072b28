import { Float64Slabs } from '../../../src/detectors/float64-slabs';

describe('Float64Slabs', () => {
  it('cuts equal blocks out of shared chunks, a new chunk when one is full', () => {
    const slabs = new Float64Slabs(2);
    const [a, b, c] = [slabs.allocate(3), slabs.allocate(3), slabs.allocate(3)];
    expect(a.chunk).toBe(b.chunk);
    expect([a.base, b.base]).toEqual([0, 3]);
    expect(c.chunk).not.toBe(a.chunk);
    expect(c.base).toBe(0);
    expect(a.chunk.length).toBe(6);
  });

  it('keeps one size class per block length', () => {
    const slabs = new Float64Slabs(4);
    expect(slabs.allocate(3).chunk).not.toBe(slabs.allocate(5).chunk);
  });

  it('reuses a released block, zeroed', () => {
    const slabs = new Float64Slabs(4);
    const block = slabs.allocate(3);
    block.chunk.fill(7, block.base, block.base + 3);
    slabs.release(3, block);
    const again = slabs.allocate(3);
    expect(again.chunk).toBe(block.chunk);
    expect(again.base).toBe(block.base);
    expect([...again.chunk.subarray(again.base, again.base + 3)]).toEqual([0, 0, 0]);
  });
});
