import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Logger } from '../observability/logger';

/*
 * A disk spool of batches, first in first out, that survives a restart.
 *
 * Files in the spool directory:
 * - segments `<14-digit number>.seg`, append-only, each a run of records:
 *     u32 BE payload length | u32 BE crc32 of the payload | payload
 *   where the payload is one batch, its lines joined by '\n' (UTF-8);
 * - `head`: "<segment number> <byte offset>" of the oldest unacknowledged
 *   record, rewritten in place and synced on every acknowledgement.
 *
 * A segment is synced (fsync) when it is full and when the spool closes; a
 * segment whose records are all acknowledged is deleted. On open, every
 * segment is checked record by record: a torn or corrupt tail (a crash while
 * appending) is cut off, counted and logged; everything before it is kept.
 *
 * Delivery is exactly once across a graceful restart: a batch leaves the
 * spool only when `ack()` after the server stored it, and the head is synced
 * before ack() returns. A crash between the server's answer and the sync
 * sends that one batch again (InfluxDB overwrites a point with the same
 * series and timestamp, so it is stored once).
 */

export interface SpoolOptions {
  readonly dir: string;
  /** Bytes the spool may hold; appends beyond it are refused. */
  readonly maxSize: number;
  /** A new segment is started when the current one would grow past this. */
  readonly segmentSize: number;
}

const HEADER_BYTES = 8;
const HEAD_FILE = 'head';
const HEAD_RECORD_BYTES = 32;
const SEGMENT = /^(\d{14})\.seg$/;

interface Segment {
  readonly id: number;
  /** Bytes of valid records. */
  size: number;
  /** Records in it, acknowledged or not. */
  records: number;
}

export class DiskSpool {
  private segments: Segment[] = [];
  /** Offset of the oldest unacknowledged record in the first segment. */
  private headOffset = 0;
  /** Records read from the first segment but not yet acknowledged, and the bytes they span. */
  private peeked: { readonly records: number; readonly bytes: number } | undefined;
  private unacked = 0;
  private unackedBytes = 0;
  private pendingAppends = 0;
  private writeFile: FileHandle | undefined;
  private readFile: { readonly id: number; readonly handle: FileHandle } | undefined;
  private headFile: FileHandle | undefined;
  /** Appends run one after another, in call order. */
  private appending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: SpoolOptions,
    private readonly logger: Logger,
  ) {}

  /** Batches not yet acknowledged (appends still running included). */
  get empty(): boolean {
    return this.unacked === 0 && this.pendingAppends === 0;
  }

  /** Lines held, not yet acknowledged. */
  get records(): number {
    return this.unacked;
  }

  /** Bytes held, not yet acknowledged. */
  get bytes(): number {
    return this.unackedBytes;
  }

  /** Creates the directory, reads the head and checks every segment. Returns the bytes of torn records cut off. */
  async open(): Promise<number> {
    await mkdir(this.options.dir, { recursive: true });
    // Read-write without O_APPEND: the head is rewritten in place.
    this.headFile = await open(join(this.options.dir, HEAD_FILE), constants.O_RDWR | constants.O_CREAT);
    const head = await this.readHead();
    const ids = (await readdir(this.options.dir))
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    let cut = 0;
    for (const id of ids) {
      if (id < head.segment) {
        await unlink(this.segmentPath(id));
        continue;
      }
      const from = id === head.segment ? head.offset : 0;
      const scanned = await this.scan(id, from);
      cut += scanned.cut;
      this.segments.push(scanned.segment);
      this.unacked += scanned.unacked;
      this.unackedBytes += scanned.segment.size - from;
    }
    this.headOffset = this.segments[0]?.id === head.segment ? head.offset : 0;
    if (this.unacked > 0) {
      this.logger.info(
        { records: this.unacked, bytes: this.unackedBytes, dir: this.options.dir },
        'spool holds records from an earlier run; they are written first',
      );
    }
    return cut;
  }

  /**
   * Appends a batch at the end; false (and nothing stored) when the spool
   * would grow past its size cap. Appends complete in call order.
   */
  append(lines: readonly string[]): Promise<boolean> {
    this.pendingAppends++;
    const done = this.appending.then(() => this.appendNow(lines));
    this.appending = done.catch(() => undefined);
    return done.finally(() => {
      this.pendingAppends--;
    });
  }

  /**
   * The oldest unacknowledged batch, joined with the batches after it in the
   * same segment while the total stays within `maxLines` (small batches
   * spooled at each flush interval are sent back in fewer requests);
   * undefined when the spool is empty.
   */
  async next(maxLines: number): Promise<string[] | undefined> {
    await this.appending;
    if (this.unacked === 0) return undefined;
    let segment = this.segments[0]!;
    while (this.headOffset >= segment.size) {
      await this.dropFirstSegment();
      segment = this.segments[0]!;
    }
    const handle = await this.readHandle(segment.id);
    const lines: string[] = [];
    let offset = this.headOffset;
    const header = Buffer.alloc(HEADER_BYTES);
    while (offset < segment.size) {
      await handle.read(header, 0, HEADER_BYTES, offset);
      const payload = Buffer.alloc(header.readUInt32BE(0));
      await handle.read(payload, 0, payload.length, offset + HEADER_BYTES);
      const batch = payload.toString('utf8').split('\n');
      if (lines.length > 0 && lines.length + batch.length > maxLines) break;
      for (const line of batch) lines.push(line);
      offset += HEADER_BYTES + payload.length;
    }
    this.peeked = { records: lines.length, bytes: offset - this.headOffset };
    return lines;
  }

  /** Removes the batch next() returned, durably. */
  async ack(): Promise<void> {
    const peeked = this.peeked;
    if (peeked === undefined) return;
    this.peeked = undefined;
    this.headOffset += peeked.bytes;
    this.unacked -= peeked.records;
    this.unackedBytes -= peeked.bytes;
    const first = this.segments[0]!;
    if (this.headOffset >= first.size && this.segments.length > 1) await this.dropFirstSegment();
    else await this.writeHead(first.id, this.headOffset);
  }

  /** Syncs and closes every file. */
  async close(): Promise<void> {
    await this.appending;
    await this.writeFile?.sync();
    for (const handle of [this.writeFile, this.readFile?.handle, this.headFile]) await handle?.close();
    this.writeFile = undefined;
    this.readFile = undefined;
    this.headFile = undefined;
  }

  private async appendNow(lines: readonly string[]): Promise<boolean> {
    const payload = Buffer.from(lines.join('\n'));
    const record = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
    record.writeUInt32BE(payload.length, 0);
    record.writeUInt32BE(crc32(payload), 4);
    payload.copy(record, HEADER_BYTES);
    if (this.unackedBytes + record.length > this.options.maxSize) return false;
    let last = this.segments.at(-1);
    if (last === undefined || (last.size > 0 && last.size + record.length > this.options.segmentSize)) {
      last = await this.startSegment((last?.id ?? 0) + 1);
    }
    this.writeFile ??= await open(this.segmentPath(last.id), 'a');
    await this.writeFile.write(record);
    last.size += record.length;
    last.records += lines.length;
    this.unacked += lines.length;
    this.unackedBytes += record.length;
    return true;
  }

  private async startSegment(id: number): Promise<Segment> {
    if (this.writeFile !== undefined) {
      await this.writeFile.sync();
      await this.writeFile.close();
      this.writeFile = undefined;
    }
    const segment: Segment = { id, size: 0, records: 0 };
    this.writeFile = await open(this.segmentPath(id), 'a');
    this.segments.push(segment);
    if (this.segments.length === 1) {
      this.headOffset = 0;
      await this.writeHead(id, 0);
    }
    return segment;
  }

  /** Deletes the first segment (all acknowledged) and moves the head to the next one. */
  private async dropFirstSegment(): Promise<void> {
    const [first] = this.segments.splice(0, 1);
    if (first === undefined) return;
    if (this.readFile?.id === first.id) {
      await this.readFile.handle.close();
      this.readFile = undefined;
    }
    const next = this.segments[0];
    if (next === undefined) {
      // Nothing left to read: the write segment is this one; keep it, empty, for the next append.
      await this.writeFile?.close();
      this.writeFile = undefined;
    }
    this.headOffset = 0;
    await this.writeHead(next?.id ?? first.id + 1, 0);
    await unlink(this.segmentPath(first.id));
  }

  private async readHandle(id: number): Promise<FileHandle> {
    if (this.readFile?.id === id) return this.readFile.handle;
    await this.readFile?.handle.close();
    this.readFile = { id, handle: await open(this.segmentPath(id), 'r') };
    return this.readFile.handle;
  }

  /** Validates a segment's records from `from` on, cutting off a torn or corrupt tail. */
  private async scan(id: number, from: number): Promise<{ segment: Segment; unacked: number; cut: number }> {
    const path = this.segmentPath(id);
    const handle = await open(path, 'r+');
    try {
      const { size } = await handle.stat();
      const data = Buffer.alloc(size);
      await handle.read(data, 0, size, 0);
      let offset = from;
      let unacked = 0;
      while (offset + HEADER_BYTES <= size) {
        const length = data.readUInt32BE(offset);
        const end = offset + HEADER_BYTES + length;
        if (
          end > size ||
          crc32(data.subarray(offset + HEADER_BYTES, end)) !== data.readUInt32BE(offset + 4)
        ) {
          break;
        }
        unacked += countLines(data, offset + HEADER_BYTES, end);
        offset = end;
      }
      if (offset < size) {
        await handle.truncate(offset);
        this.logger.error(
          { segment: path, bytes: size - offset },
          'spool segment had a torn or corrupt tail; it was cut off',
        );
      }
      return { segment: { id, size: offset, records: unacked }, unacked, cut: size - offset };
    } finally {
      await handle.close();
    }
  }

  private async readHead(): Promise<{ segment: number; offset: number }> {
    const buffer = Buffer.alloc(HEAD_RECORD_BYTES);
    const { bytesRead } = await this.headFile!.read(buffer, 0, HEAD_RECORD_BYTES, 0);
    const match = /^(\d+) (\d+)/.exec(buffer.subarray(0, bytesRead).toString());
    return match ? { segment: Number(match[1]), offset: Number(match[2]) } : { segment: 0, offset: 0 };
  }

  private async writeHead(segment: number, offset: number): Promise<void> {
    const text = `${segment} ${offset}`.padEnd(HEAD_RECORD_BYTES - 1, ' ');
    await this.headFile!.write(`${text}\n`, 0);
    await this.headFile!.datasync();
  }

  private segmentPath(id: number): string {
    return join(this.options.dir, `${String(id).padStart(14, '0')}.seg`);
  }
}

function countLines(data: Buffer, from: number, to: number): number {
  let lines = 1;
  for (let i = data.indexOf(10, from); i !== -1 && i < to; i = data.indexOf(10, i + 1)) lines++;
  return lines;
}
