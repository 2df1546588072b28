/** Memory measurement shared by the benchmarks; exact only under `node --expose-gc`. */
const gc = (globalThis as { gc?: () => void }).gc;

/** Whether garbage can be collected before measuring (the process runs with --expose-gc). */
export const canCollectGarbage = gc !== undefined;

/**
 * Live memory after two forced collections (the second one catches what the
 * first freed late). Detector windows live in typed-array slabs outside the JS
 * heap, so array buffers are reported beside the heap.
 */
export function retainedMemory(): { heap: number; buffers: number } {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, buffers: arrayBuffers };
}

/** Heap and array buffers together: what the live state costs, wherever it lives. */
export function retainedBytes(): number {
  const { heap, buffers } = retainedMemory();
  return heap + buffers;
}
