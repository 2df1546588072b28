import { type FileHandle, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RecordEncoder, SinkTarget, WriteReport } from '../../core';
import type { Logger } from '../../observability/logger';
import { encodeEventJson, encodeSampleJson, encodeScoreJson } from '../json-lines';
import { LineProtocolEncoder } from '../line-protocol';
import type { FileSinkConfig } from './config';

type FileTargetConfig = Pick<FileSinkConfig, 'path' | 'format' | 'rotate_size' | 'keep_files'>;

/**
 * Appends batches of lines to a file (line protocol with millisecond
 * timestamps, or JSON lines), kept open between batches. Each batch is
 * appended whole before write() resolves. Before a batch that would grow the
 * file past rotate_size, the file is rotated: path.N-1 → path.N ... path →
 * path.1, keeping keep_files rotated files and deleting older ones. Rotation
 * happens only between batches, so no line is ever split across files (a
 * batch larger than rotate_size goes whole into a fresh file).
 */
export class FileTarget implements SinkTarget {
  readonly kind = 'file';
  readonly encoder: RecordEncoder;
  /** Open for appending; undefined before start, after close and after a failed write (reopened by the next). */
  private file: FileHandle | undefined;
  /** Bytes in the open file. */
  private size = 0;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly config: FileTargetConfig,
    private readonly logger: Logger,
  ) {
    this.encoder = encoderFor(config.format);
  }

  /** Creates the directory and opens (or creates) the file. */
  async start(): Promise<void> {
    await mkdir(dirname(this.config.path), { recursive: true });
    await this.open();
  }

  async write(batch: readonly string[]): Promise<WriteReport | undefined> {
    if (this.closed) throw new Error(`file sink ${this.name} is closed`);
    if (batch.length === 0) return undefined;
    const data = Buffer.from(`${batch.join('\n')}\n`);
    let file = this.file ?? (await this.open());
    if (this.config.rotate_size > 0 && this.size > 0 && this.size + data.length > this.config.rotate_size) {
      file = await this.rotate();
    }
    const before = this.size;
    try {
      await file.appendFile(data);
    } catch (error) {
      await this.discardPartialWrite(file, before);
      throw error;
    }
    this.size = before + data.length;
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private async open(): Promise<FileHandle> {
    const file = await open(this.config.path, 'a');
    try {
      this.size = (await file.stat()).size;
    } catch (error) {
      await file.close();
      throw error;
    }
    this.file = file;
    return file;
  }

  /**
   * After a failed append, cuts off what part of the batch reached the file,
   * so that its retry leaves no torn line, and closes the file: the next write
   * opens it again.
   */
  private async discardPartialWrite(file: FileHandle, size: number): Promise<void> {
    this.file = undefined;
    try {
      await file.truncate(size);
    } catch (error) {
      this.logger.warn({ err: error, path: this.config.path }, 'could not remove a partly written batch');
    }
    await file.close().catch(() => undefined);
  }

  private async rotate(): Promise<FileHandle> {
    const { path, keep_files: keep } = this.config;
    await this.file?.close();
    this.file = undefined;
    await this.deleteRotatedFrom(Math.max(keep, 1));
    for (let n = keep - 1; n >= 1; n--) await rename(`${path}.${n}`, `${path}.${n + 1}`).catch(ignoreMissing);
    if (keep > 0) await rename(path, `${path}.1`);
    else await unlink(path);
    this.logger.info({ path, keep_files: keep }, 'rotated file');
    return this.open();
  }

  /** Deletes path.N for every N >= from (keep_files may have been lowered since an earlier run). */
  private async deleteRotatedFrom(from: number): Promise<void> {
    const prefix = `${basename(this.config.path)}.`;
    const directory = dirname(this.config.path);
    for (const entry of await readdir(directory)) {
      const suffix = entry.startsWith(prefix) ? entry.slice(prefix.length) : '';
      if (/^\d+$/.test(suffix) && Number(suffix) >= from) {
        await unlink(join(directory, entry)).catch(ignoreMissing);
      }
    }
  }
}

function encoderFor(format: FileTargetConfig['format']): RecordEncoder {
  switch (format) {
    case 'line_protocol':
      return new LineProtocolEncoder();
    case 'json_lines':
      return { encodeSample: encodeSampleJson, encodeScore: encodeScoreJson, encodeEvent: encodeEventJson };
    default: {
      const unsupported: never = format;
      throw new Error(`unsupported file format "${unsupported}"`);
    }
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
