import type { Sample } from '../../core';
import { ByteKeyCache } from '../byte-key-cache';
import { FieldList, type FieldSink } from '../field-shapes';
import { nanosToMillis } from '../long';
import {
  signed64,
  signed64Big,
  unsigned64,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LEN,
  WireError,
  WireReader,
} from '../wire';
import type { Location, SampleMapper } from './mapper';
import { SampleBatch } from './mapper';
import type { PathElem } from './messages';
import { formatPath } from './path';
import { addJson, type ValueProblem } from './values';

/*
 * Field numbers of gnmi.proto, for decoding SubscribeResponse straight from
 * the received bytes into samples: no message objects per update, and the
 * decoded path of an update is cached per (prefix bytes, path bytes), so a
 * steady stream costs a few map lookups and the values themselves.
 */
const RESPONSE_UPDATE = 1;
const RESPONSE_SYNC = 3;
const RESPONSE_ERROR = 4;
const NOTIFICATION_TIMESTAMP = 1;
const NOTIFICATION_PREFIX = 2;
const NOTIFICATION_UPDATE = 4;
const NOTIFICATION_DELETE = 5;
const UPDATE_PATH = 1;
const UPDATE_VAL = 3;
const PATH_ELEMENT = 1;
const PATH_ELEM = 3;
const ELEM_NAME = 1;
const ELEM_KEY = 2;
const TV_STRING = 1;
const TV_INT = 2;
const TV_UINT = 3;
const TV_BOOL = 4;
const TV_BYTES = 5;
const TV_FLOAT = 6;
const TV_DECIMAL = 7;
const TV_LEAFLIST = 8;
const TV_ANY = 9;
const TV_JSON = 10;
const TV_JSON_IETF = 11;
const TV_ASCII = 12;
const TV_PROTO_BYTES = 13;
const TV_DOUBLE = 14;

/** Cached prefixes and paths per prefix: each cache starts over when full. */
const MAX_PREFIXES = 10_000;
const MAX_PATHS_PER_PREFIX = 10_000;

export type DecodedResponse =
  | { readonly kind: 'update'; readonly updates: number; readonly deletes: number }
  | { readonly kind: 'sync_response' }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }
  | { readonly kind: 'empty' };

export type ProblemHandler = (problem: ValueProblem, path: string) => void;

interface PrefixContext {
  readonly elems: readonly PathElem[];
  readonly locations: ByteKeyCache<Location>;
}

const NO_ELEMS: readonly PathElem[] = [];

/**
 * Decodes SubscribeResponse messages of one target into samples. A message
 * that is not valid protobuf throws WireError (the caller counts and skips
 * it); a value that cannot become a field is reported through `onProblem`
 * and the rest of the notification kept. Timestamps are nanoseconds:
 * Sample.time gets the milliseconds, Sample.timeNs the exact value; a
 * notification without one gets the receive time.
 */
export class SubscribeResponseDecoder {
  private readonly reader = new WireReader();
  private readonly batch: SampleBatch;
  private readonly prefixes = new ByteKeyCache<PrefixContext>(MAX_PREFIXES);
  /** Start/end offsets of the current notification's updates and deletes. */
  private readonly updateSpans: number[] = [];
  private readonly deleteSpans: number[] = [];

  constructor(
    private readonly mapper: SampleMapper,
    private readonly now: () => number,
  ) {
    this.batch = new SampleBatch(mapper.options.collector);
  }

  decode(buf: Buffer, emit: (sample: Sample) => void, onProblem: ProblemHandler): DecodedResponse {
    const r = this.reader.reset(buf);
    let result: DecodedResponse = { kind: 'empty' };
    while (r.pos < buf.length) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if (field === RESPONSE_UPDATE && (tag & 7) === WIRE_LEN) {
        const end = r.lengthEnd();
        result = this.notification(end, emit, onProblem);
        r.pos = end;
      } else if (field === RESPONSE_SYNC && (tag & 7) === 0) {
        if (r.uint32() !== 0) result = { kind: 'sync_response' };
      } else if (field === RESPONSE_ERROR && (tag & 7) === WIRE_LEN) {
        result = this.error(r.lengthEnd());
      } else r.skip(tag & 7);
    }
    return result;
  }

  private notification(
    end: number,
    emit: (sample: Sample) => void,
    onProblem: ProblemHandler,
  ): DecodedResponse {
    const r = this.reader;
    const buf = r.buf;
    const updates = this.updateSpans;
    const deletes = this.deleteSpans;
    updates.length = 0;
    deletes.length = 0;
    let nanos = 0n;
    let prefixStart = 0;
    let prefixEnd = 0;
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if (field === NOTIFICATION_TIMESTAMP && (tag & 7) === 0) {
        const low = r.varint64();
        nanos = signed64Big(low, r.high);
      } else if ((tag & 7) === WIRE_LEN && field >= NOTIFICATION_PREFIX && field <= NOTIFICATION_DELETE) {
        const spanEnd = r.lengthEnd();
        if (field === NOTIFICATION_UPDATE) updates.push(r.pos, spanEnd);
        else if (field === NOTIFICATION_DELETE) deletes.push(r.pos, spanEnd);
        else if (field === NOTIFICATION_PREFIX) {
          prefixStart = r.pos;
          prefixEnd = spanEnd;
        }
        r.pos = spanEnd;
      } else r.skip(tag & 7);
    }
    const time = nanos === 0n ? this.now() : nanosToMillis(nanos);
    const timeNs = nanos === 0n ? undefined : nanos;
    const prefix = this.prefix(buf, prefixStart, prefixEnd);
    for (let i = 0; i < deletes.length; i += 2) {
      const series = this.mapper.locate(this.joined(prefix, deletes[i]!, deletes[i + 1]!)).series;
      emit(this.batch.sample(series.measurement, series.tags, { deleted: true }, time, timeNs));
    }
    const batch = this.batch;
    batch.begin();
    for (let i = 0; i < updates.length; i += 2)
      this.update(prefix, i >> 1, updates[i]!, updates[i + 1]!, onProblem);
    batch.end(time, timeNs, emit);
    return { kind: 'update', updates: updates.length / 2, deletes: deletes.length / 2 };
  }

  private update(
    prefix: PrefixContext,
    index: number,
    start: number,
    end: number,
    onProblem: ProblemHandler,
  ): void {
    const r = this.reader;
    r.pos = start;
    let pathStart = 0;
    let pathEnd = 0;
    let valStart = -1;
    let valEnd = -1;
    while (r.pos < end) {
      const tag = r.uint32();
      if ((tag & 7) === WIRE_LEN) {
        const spanEnd = r.lengthEnd();
        if (tag >>> 3 === UPDATE_PATH) {
          pathStart = r.pos;
          pathEnd = spanEnd;
        } else if (tag >>> 3 === UPDATE_VAL) {
          valStart = r.pos;
          valEnd = spanEnd;
        }
        r.pos = spanEnd;
      } else r.skip(tag & 7);
    }
    let location = prefix.locations.getAt(index, r.buf, pathStart, pathEnd);
    if (location === undefined) {
      location = this.mapper.locate(this.joined(prefix, pathStart, pathEnd));
      prefix.locations.set(r.buf, pathStart, pathEnd, location);
    }
    const fields = this.batch.fieldsOf(location.series);
    let problem: ValueProblem | undefined = 'no_value';
    if (valStart >= 0) {
      r.pos = valStart;
      problem = this.value(valEnd, fields, location.field, location.leaf);
    }
    if (problem !== undefined) onProblem(problem, this.describe(prefix, pathStart, pathEnd));
  }

  /** Adds the TypedValue in [pos, end) to `fields`; returns why not when it cannot. */
  private value(end: number, fields: FieldSink, path: string, leaf: string): ValueProblem | undefined {
    const r = this.reader;
    const name = path === '' ? leaf : path;
    let problem: ValueProblem | undefined = 'no_value';
    while (r.pos < end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case TV_UINT:
          expectWireType(wireType, 0);
          fields.add(name, unsigned64(r.varint64(), r.high));
          problem = undefined;
          break;
        case TV_INT:
          expectWireType(wireType, 0);
          fields.add(name, signed64(r.varint64(), r.high));
          problem = undefined;
          break;
        case TV_DOUBLE:
          expectWireType(wireType, WIRE_FIXED64);
          fields.add(name, r.double());
          problem = undefined;
          break;
        case TV_FLOAT:
          expectWireType(wireType, WIRE_FIXED32);
          fields.add(name, r.float());
          problem = undefined;
          break;
        case TV_BOOL:
          expectWireType(wireType, 0);
          fields.add(name, r.uint32() !== 0);
          problem = undefined;
          break;
        case TV_STRING:
        case TV_ASCII:
          expectWireType(wireType, WIRE_LEN);
          fields.add(name, r.string(r.lengthEnd()));
          problem = undefined;
          break;
        case TV_BYTES: {
          expectWireType(wireType, WIRE_LEN);
          const bytesEnd = r.lengthEnd();
          fields.add(name, r.buf.toString('base64', r.pos, bytesEnd));
          r.pos = bytesEnd;
          problem = undefined;
          break;
        }
        case TV_DECIMAL:
          expectWireType(wireType, WIRE_LEN);
          fields.add(name, this.decimal(r.lengthEnd()));
          problem = undefined;
          break;
        case TV_LEAFLIST:
          expectWireType(wireType, WIRE_LEN);
          problem = this.leafList(r.lengthEnd(), fields, name);
          break;
        case TV_JSON:
        case TV_JSON_IETF: {
          expectWireType(wireType, WIRE_LEN);
          const textEnd = r.lengthEnd();
          problem = addJson(r.string(textEnd), path, fields, tag >>> 3 === TV_JSON_IETF, leaf);
          break;
        }
        case TV_ANY:
        case TV_PROTO_BYTES:
          r.skip(wireType);
          problem = 'unsupported_value';
          break;
        default:
          r.skip(wireType);
      }
    }
    return problem;
  }

  private decimal(end: number): number {
    const r = this.reader;
    let digits = 0;
    let precision = 0;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x08) digits = Number(signed64(r.varint64(), r.high));
      else if (tag === 0x10) precision = r.uint32();
      else r.skip(tag & 7);
    }
    return digits / 10 ** precision;
  }

  /** A leaf-list of scalars as one comma-separated string. */
  private leafList(end: number, fields: FieldSink, name: string): ValueProblem | undefined {
    const r = this.reader;
    const parts: string[] = [];
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag !== 0x0a) {
        r.skip(tag & 7);
        continue;
      }
      const elementEnd = r.lengthEnd();
      const element = new FieldList();
      const problem = this.value(elementEnd, element, 'v', 'v');
      r.pos = elementEnd;
      if (problem !== undefined) return problem;
      // A JSON object as an element gives fields below `v`, or none at all.
      if (element.size === 0 || !element.names.every((n) => n === 'v')) return 'unsupported_value';
      parts.push(String(element.values[element.size - 1]));
    }
    fields.add(name, parts.join(','));
    return undefined;
  }

  private error(end: number): DecodedResponse {
    const r = this.reader;
    let code = 0;
    let message = '';
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x08) code = r.uint32();
      else if (tag === 0x12) message = r.string(r.lengthEnd());
      else r.skip(tag & 7);
    }
    return { kind: 'error', code, message };
  }

  private prefix(buf: Buffer, start: number, end: number): PrefixContext {
    let context = this.prefixes.get(buf, start, end);
    if (context === undefined) {
      const saved = this.reader.pos;
      context = {
        elems: end > start ? this.path(start, end) : NO_ELEMS,
        locations: new ByteKeyCache(MAX_PATHS_PER_PREFIX),
      };
      this.reader.pos = saved;
      this.prefixes.set(buf, start, end, context);
    }
    return context;
  }

  private joined(prefix: PrefixContext, start: number, end: number): readonly PathElem[] {
    const own = end > start ? this.path(start, end) : NO_ELEMS;
    return own.length === 0 ? prefix.elems : prefix.elems.length === 0 ? own : [...prefix.elems, ...own];
  }

  /** Decodes a Path's elements (or its deprecated string elements); origin and target are not needed. */
  private path(start: number, end: number): PathElem[] {
    const r = this.reader;
    r.pos = start;
    const elems: PathElem[] = [];
    const strings: PathElem[] = [];
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag >>> 3 === PATH_ELEM && (tag & 7) === WIRE_LEN) elems.push(this.elem(r.lengthEnd()));
      else if (tag >>> 3 === PATH_ELEMENT && (tag & 7) === WIRE_LEN)
        strings.push({ name: r.string(r.lengthEnd()) });
      else r.skip(tag & 7);
    }
    return elems.length > 0 ? elems : strings;
  }

  private elem(end: number): PathElem {
    const r = this.reader;
    let name = '';
    let key: Record<string, string> | undefined;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag >>> 3 === ELEM_NAME && (tag & 7) === WIRE_LEN) name = r.string(r.lengthEnd());
      else if (tag >>> 3 === ELEM_KEY && (tag & 7) === WIRE_LEN) {
        const entryEnd = r.lengthEnd();
        let k = '';
        let v = '';
        while (r.pos < entryEnd) {
          const entryTag = r.uint32();
          if (entryTag === 0x0a) k = r.string(r.lengthEnd());
          else if (entryTag === 0x12) v = r.string(r.lengthEnd());
          else r.skip(entryTag & 7);
        }
        key ??= {};
        key[k] = v;
      } else r.skip(tag & 7);
    }
    return key === undefined ? { name } : { name, key };
  }

  /** The full path of an update, for a problem report (rare: not cached). */
  private describe(prefix: PrefixContext, start: number, end: number): string {
    const saved = this.reader.pos;
    const elems = this.joined(prefix, start, end);
    this.reader.pos = saved;
    return formatPath({ elem: [...elems] });
  }
}

function expectWireType(actual: number, expected: number): void {
  if (actual !== expected)
    throw new WireError(`TypedValue field with wire type ${actual}, expected ${expected}`);
}
