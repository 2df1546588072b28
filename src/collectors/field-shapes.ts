import type { Fields, FieldValue } from '../core';

/** Where a decoder puts the values of one sample, by field name. */
export interface FieldSink {
  add(name: string, value: FieldValue): void;
}

/** The names and values of one sample's fields, in the order they were added; reused. */
export class FieldList implements FieldSink {
  readonly names: string[] = [];
  readonly values: FieldValue[] = [];

  add(name: string, value: FieldValue): void {
    this.names.push(name);
    this.values.push(value);
  }

  get size(): number {
    return this.names.length;
  }

  clear(): void {
    this.names.length = 0;
    this.values.length = 0;
  }
}

/** Distinct name lists kept with their builders; the cache starts over when full. */
const MAX_SHAPES = 1024;
/** Wider samples are built one field at a time (V8 keeps such objects in dictionary mode anyway). */
const MAX_COMPILED_FIELDS = 1000;
/** A name list is compiled once it was seen this often: names that never repeat are not worth the compiler. */
const USES_BEFORE_COMPILING = 2;

type Build = (values: readonly FieldValue[]) => Fields;

/** One list of field names and how to build a fields object from values in that order. */
export class FieldShape {
  private uses = 0;
  /** undefined: not compiled yet; null: built one field at a time for good. */
  private compiled: Build | null | undefined;

  constructor(readonly names: readonly string[]) {}

  build(values: readonly FieldValue[]): Fields {
    if (this.compiled === undefined && ++this.uses >= USES_BEFORE_COMPILING)
      this.compiled = compileLiteral(this.names);
    return this.compiled
      ? this.compiled(values)
      : Object.fromEntries(this.names.map((name, i) => [name, values[i]]));
  }

  matches(names: readonly string[]): boolean {
    const own = this.names;
    if (own.length !== names.length) return false;
    for (let i = 0; i < own.length; i++) if (own[i] !== names[i]) return false;
    return true;
  }
}

/**
 * Fields objects made in one step from a cached object literal per list of
 * names. Why: a decoder that adds a wide notification's 100 fields one by
 * one, under computed names, gets an object V8 keeps in dictionary mode, and
 * every later `for…in` and lookup on it (normalise, detect, the sinks) costs
 * about ten times what it costs on a fast-mode object; a literal of the same
 * names is created in fast mode in one allocation. Each sample of a series
 * usually has the names its previous one had, so the caller passes that
 * shape back as a hint and the check is one comparison per name.
 */
export class FieldShapes {
  private readonly shapes = new Map<string, FieldShape>();

  /** The shape of `names` (a copy is kept; `names` may be reused). */
  shapeOf(names: readonly string[], hint: FieldShape | undefined): FieldShape {
    if (hint?.matches(names)) return hint;
    const key = JSON.stringify(names);
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
      shape = new FieldShape([...names]);
      this.shapes.set(key, shape);
    }
    return shape;
  }
}

/**
 * `(v) => ({ "name0": v[0], "name1": v[1], ... })`. The names are data from
 * devices: each is written as a JSON string, which is a JavaScript string
 * literal and nothing else, and `__proto__` as a computed key, so that it
 * becomes an own field instead of setting the prototype. A name given twice
 * keeps its first position and its last value, as assignment would.
 */
function compileLiteral(names: readonly string[]): Build | null {
  if (names.length > MAX_COMPILED_FIELDS) return null;
  const entries = names.map((name, i) => {
    const quoted = JSON.stringify(name);
    return `${name === '__proto__' ? `[${quoted}]` : quoted}: v[${i}]`;
  });
  try {
    return new Function('v', `return { ${entries.join(', ')} };`) as Build;
  } catch {
    // Node run with --disallow-code-generation-from-strings: correct, only slower.
    return null;
  }
}
