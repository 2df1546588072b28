interface Entry<T> {
  readonly bytes: Uint8Array;
  readonly value: T;
  next: Entry<T> | undefined;
}

/** Slots remembered by getAt(): more are looked up by hash only. */
const MAX_SLOTS = 4096;

/**
 * A bounded map keyed by a byte range of a buffer, without making a string
 * or a copy per lookup: an FNV-1a hash picks the bucket, the bytes are
 * compared to rule out collisions. Starts over when full.
 */
export class ByteKeyCache<T> {
  private readonly buckets = new Map<number, Entry<T>>();
  private readonly slots: Array<Entry<T> | undefined> = [];
  private size = 0;

  constructor(private readonly capacity: number) {}

  get(buf: Uint8Array, start: number, end: number): T | undefined {
    return this.entry(buf, start, end)?.value;
  }

  /**
   * Like get(), but first tries the key found last time at the same slot:
   * the n-th update of a notification usually has the same path as the n-th
   * of the previous one, and one comparison is cheaper than hashing.
   */
  getAt(slot: number, buf: Uint8Array, start: number, end: number): T | undefined {
    const last = this.slots[slot];
    if (last !== undefined && sameBytes(last.bytes, buf, start, end)) return last.value;
    const entry = this.entry(buf, start, end);
    if (entry !== undefined && slot < MAX_SLOTS) this.slots[slot] = entry;
    return entry?.value;
  }

  set(buf: Uint8Array, start: number, end: number, value: T): void {
    if (this.size >= this.capacity) {
      this.buckets.clear();
      this.slots.length = 0;
      this.size = 0;
    }
    const key = hash(buf, start, end);
    // A copy: Buffer#slice would be a view that keeps the whole received message alive.
    const bytes = Uint8Array.prototype.slice.call(buf, start, end);
    this.buckets.set(key, { bytes, value, next: this.buckets.get(key) });
    this.size++;
  }

  private entry(buf: Uint8Array, start: number, end: number): Entry<T> | undefined {
    for (let entry = this.buckets.get(hash(buf, start, end)); entry !== undefined; entry = entry.next) {
      if (sameBytes(entry.bytes, buf, start, end)) return entry;
    }
    return undefined;
  }
}

function hash(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(bytes: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (bytes.length !== end - start) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== buf[start + i]) return false;
  return true;
}
