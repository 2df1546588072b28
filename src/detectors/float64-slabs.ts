/** `length` doubles starting at `base` in a chunk that other blocks share. */
export interface Float64Block {
  readonly chunk: Float64Array;
  readonly base: number;
}

interface SizeClass {
  readonly chunks: Float64Array[];
  /** Blocks handed out of the newest chunk so far. */
  usedInLastChunk: number;
  readonly released: Float64Block[];
}

/**
 * Memory for per-series detector state: equal-sized blocks of doubles cut out
 * of shared chunks, one size class per block length, reused after release. A
 * Float64Array of its own costs each series 184 B of JS objects plus a
 * malloc'd backing store with its bookkeeping (for 60 doubles, about 1 KB of
 * RSS measured); a block costs its data. Chunks are kept for reuse, so the
 * memory follows the peak number of series. One instance per owner of the
 * detectors (the detect operator); blocks must be released exactly once.
 */
export class Float64Slabs {
  private readonly sizes = new Map<number, SizeClass>();

  constructor(private readonly blocksPerChunk = 1024) {}

  /** A block of `length` zeros. */
  allocate(length: number): Float64Block {
    const size = this.sizeClass(length);
    const reused = size.released.pop();
    if (reused !== undefined) {
      reused.chunk.fill(0, reused.base, reused.base + length);
      return reused;
    }
    if (size.chunks.length === 0 || size.usedInLastChunk === this.blocksPerChunk) {
      size.chunks.push(new Float64Array(length * this.blocksPerChunk));
      size.usedInLastChunk = 0;
    }
    const base = size.usedInLastChunk * length;
    size.usedInLastChunk++;
    return { chunk: size.chunks[size.chunks.length - 1]!, base };
  }

  release(length: number, block: Float64Block): void {
    this.sizeClass(length).released.push(block);
  }

  private sizeClass(length: number): SizeClass {
    let size = this.sizes.get(length);
    if (size === undefined) {
      size = { chunks: [], usedInLastChunk: 0, released: [] };
      this.sizes.set(length, size);
    }
    return size;
  }
}

/** A block from `slabs` when given (release it when done), or an array of its own. */
export function allocateBlock(length: number, slabs?: Float64Slabs): Float64Block {
  return slabs ? slabs.allocate(length) : { chunk: new Float64Array(length), base: 0 };
}
