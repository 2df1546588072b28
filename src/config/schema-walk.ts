import { z } from 'zod';
import { isMapping } from './data';
import type { Path, PathSegment } from './errors';

/*
 * Reading the config schema itself: the loader asks which keys an object
 * accepts and which options are secrets, the reference generator renders
 * every option. Only the schema kinds the config uses are understood.
 */

type Schema = z.core.$ZodType;

/** One option as the user sees it: default and optional wrappers peeled off, their metadata kept. */
export interface OptionInfo {
  /** The schema under the wrappers. */
  readonly schema: Schema;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly description: string | undefined;
  /** What a string or transformed value means: `duration`, `size`, `name`, `secret-reference`. */
  readonly format: string | undefined;
}

export function optionInfo(schema: Schema): OptionInfo {
  let current = schema;
  let description: string | undefined;
  let format: string | undefined;
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  for (;;) {
    const meta = z.globalRegistry.get(current);
    description ??= meta?.description;
    format ??= typeof meta?.format === 'string' ? meta.format : undefined;
    if (current instanceof z.ZodDefault) {
      if (!hasDefault) defaultValue = current.def.defaultValue;
      hasDefault = true;
      current = current.unwrap();
    } else if (current instanceof z.ZodOptional) {
      optional = true;
      current = current.unwrap();
    } else {
      return { schema: current, optional, hasDefault, defaultValue, description, format };
    }
  }
}

/** The schemas a value is checked against: wrappers peeled, union options chosen by the value where possible. */
function applicableSchemas(schema: Schema, value: unknown): Schema[] {
  const inner = optionInfo(schema).schema;
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const discriminator = inner.def.discriminator;
    const tag = isMapping(value) ? value[discriminator] : undefined;
    return inner.options.filter((option) => option._zod.propValues?.[discriminator]?.has(tag as never));
  }
  if (inner instanceof z.ZodUnion) return inner.options.flatMap((option) => applicableSchemas(option, value));
  return [inner];
}

interface Child {
  readonly key: PathSegment;
  readonly schema: Schema;
  readonly value: unknown;
}

/** The entries of a value that the schema has something to say about, each with its schema. */
function children(schema: Schema, value: unknown): Child[] {
  return applicableSchemas(schema, value).flatMap((applicable): Child[] => {
    if (applicable instanceof z.ZodObject && isMapping(value)) {
      return Object.entries(applicable.shape)
        .filter(([key]) => key in value)
        .map(([key, option]) => ({ key, schema: option, value: value[key] }));
    }
    if (applicable instanceof z.ZodRecord && isMapping(value)) {
      return Object.entries(value).map(([key, item]) => ({ key, schema: applicable.valueType, value: item }));
    }
    if (applicable instanceof z.ZodArray && Array.isArray(value)) {
      return value.map((item: unknown, index) => ({ key: index, schema: applicable.element, value: item }));
    }
    return [];
  });
}

/** Calls `visit` for every value present in `data`, with the schema it is checked against. */
export function walkValues(
  schema: Schema,
  data: unknown,
  visit: (schema: Schema, value: unknown, path: Path) => void,
  path: Path = [],
): void {
  visit(schema, data, path);
  for (const child of children(schema, data))
    walkValues(child.schema, child.value, visit, [...path, child.key]);
}

/** The schemas that apply at `path` of `data`. */
export function schemasAt(schema: Schema, data: unknown, path: Path): Schema[] {
  if (path.length === 0) return applicableSchemas(schema, data);
  const [head, ...rest] = path;
  return children(schema, data)
    .filter((child) => child.key === head)
    .flatMap((child) => schemasAt(child.schema, child.value, rest));
}

/** Keys an object schema accepts. */
export function objectKeys(schema: Schema): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
