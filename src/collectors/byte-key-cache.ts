interface Entry<T> {
  readonly bytes: Uint8Array;
  readonly value: T;
  next: Entry<T> | undefined;
}

/**
 * A bounded map keyed by a byte range of a buffer, without making a string
 * or a copy per lookup: an FNV-1a hash picks the bucket, the bytes are
 * compared to rule out collisions. Starts over when full.
 */
export class ByteKeyCache<T> {
  private readonly buckets = new Map<number, Entry<T>>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  get(buf: Uint8Array, start: number, end: number): T | undefined {
    for (let entry = this.buckets.get(hash(buf, start, end)); entry !== undefined; entry = entry.next) {
      if (sameBytes(entry.bytes, buf, start, end)) return entry.value;
    }
    return undefined;
  }

  set(buf: Uint8Array, start: number, end: number, value: T): void {
    if (this.size >= this.capacity) {
      this.buckets.clear();
      this.size = 0;
    }
    const key = hash(buf, start, end);
    this.buckets.set(key, { bytes: buf.slice(start, end), value, next: this.buckets.get(key) });
    this.size++;
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
