/*
 * Renders docs/config-reference.md from the config schema: one table per
 * object, one section per `type` of a discriminated union. Run it with
 * `npm run docs:config`; a unit test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configSchema } from '../src/config/schema';
import { type OptionInfo, optionInfo } from '../src/config/schema-walk';
import { formatDuration, formatSize } from '../src/config/units';

type Schema = z.core.$ZodType;

export const REFERENCE_FILE = join(__dirname, '..', 'docs', 'config-reference.md');

const INTRODUCTION = `# Configuration reference

Generated from the schema by \`npm run docs:config\`; do not edit by hand.

A config file is YAML with snake_case keys; unknown keys are errors. Named
objects (collectors, sinks, rules) are mappings from a name to settings, and
refer to each other by name. Value types used below:

- **duration**: \`500ms\`, \`10s\`, \`5m\`, \`1h\`, \`1d\` or \`1w\`; a bare number is milliseconds.
- **size**: \`4096\`, \`64KiB\`, \`100MiB\` or \`1GB\`; a bare number is bytes.
- **name**: 1-63 letters, digits, \`_\`, \`.\` or \`-\`, starting with a letter or digit.
- **secret-reference**: exactly one \`\${env:NAME}\` or \`\${file:PATH}\`; secrets are never written inline.

Any string may contain \`\${env:NAME}\` (an environment variable) or
\`\${file:PATH}\` (the contents of a file, without its trailing newline; a
relative path starts from the directory of the config file).
`;

interface Section {
  readonly title: string;
  readonly description: string | undefined;
  readonly rows: readonly string[];
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function numberType(schema: z.ZodNumber): string {
  const base = schema.isInt ? 'integer' : 'number';
  let lower: z.core.$ZodCheckGreaterThanDef | undefined;
  let upper: z.core.$ZodCheckLessThanDef | undefined;
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def;
    if (def.check === 'greater_than') lower = def as z.core.$ZodCheckGreaterThanDef;
    if (def.check === 'less_than') upper = def as z.core.$ZodCheckLessThanDef;
  }
  if (lower?.inclusive && upper?.inclusive) return `${base}, ${lower.value} to ${upper.value}`;
  const bounds = [
    lower && `${lower.inclusive ? '≥' : '>'} ${lower.value}`,
    upper && `${upper.inclusive ? '≤' : '<'} ${upper.value}`,
  ].filter(Boolean);
  return [base, ...bounds].join(' ');
}

function typeName(option: Schema): string {
  const { schema, format } = optionInfo(option);
  if (format !== undefined) return format;
  if (schema instanceof z.ZodStringFormat) return `${schema.def.format} string`;
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodNumber) return numberType(schema);
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.map((o) => code(String(o))).join(', ')}`;
  if (schema instanceof z.ZodLiteral) return [...schema.values].map((v) => code(String(v))).join(', ');
  if (schema instanceof z.ZodArray) return `list of ${typeName(schema.element)}`;
  if (schema instanceof z.ZodRecord) return `map of ${typeName(schema.valueType)}`;
  if (schema instanceof z.ZodObject) return 'mapping';
  if (schema instanceof z.ZodDiscriminatedUnion) return `mapping by ${code(schema.def.discriminator)}`;
  if (schema instanceof z.ZodUnion) return schema.options.map(typeName).join(' or ');
  return 'any';
}

function defaultText(info: OptionInfo): string {
  if (!info.hasDefault) return info.optional ? 'optional' : 'required';
  const value = info.defaultValue;
  if (info.format === 'duration') return code(formatDuration(value as number));
  if (info.format === 'size') return code(formatSize(value as number));
  if (info.schema instanceof z.ZodObject) return "fields' defaults";
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

function keyPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Sections of `schema` and of everything nested in it, depth first. */
function sectionsOf(path: string, option: Schema, title: string): Section[] {
  const { schema, description } = optionInfo(option);
  if (schema instanceof z.ZodObject) {
    const entries = Object.entries(schema.shape);
    const rows = entries.map(([key, field]) => {
      const info = optionInfo(field);
      // A discriminator says which section applies; its title already tells.
      const description =
        info.description ?? (info.schema instanceof z.ZodLiteral ? 'Selects this type.' : '');
      const columns = [code(keyPath(path, key)), typeName(field), defaultText(info), description];
      return `| ${columns.map(cell).join(' | ')} |`;
    });
    const nested = entries.flatMap(([key, field]) =>
      sectionsOf(keyPath(path, key), field, code(keyPath(path, key))),
    );
    return [{ title, description, rows }, ...nested];
  }
  if (schema instanceof z.ZodRecord) {
    const itemPath = `${path}.<name>`;
    return sectionsOf(itemPath, schema.valueType, code(itemPath));
  }
  if (schema instanceof z.ZodArray) return sectionsOf(`${path}[]`, schema.element, code(`${path}[]`));
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const tag = schema.def.discriminator;
    return schema.options.flatMap((variant) => {
      const value = String([...(variant._zod.propValues?.[tag] ?? [])][0]);
      return sectionsOf(path, variant, `${title} with ${code(`${tag}: ${value}`)}`);
    });
  }
  if (schema instanceof z.ZodUnion) {
    return schema.options.flatMap((variant) =>
      sectionsOf(path, variant, `${title} as a ${typeName(variant)}`),
    );
  }
  return [];
}

export function renderConfigReference(): string {
  const sections = sectionsOf('', configSchema, 'Top level');
  const body = sections.map((section) =>
    [
      `## ${section.title}`,
      '',
      ...(section.description ? [section.description, ''] : []),
      '| Key | Type | Default | Description |',
      '| --- | --- | --- | --- |',
      ...section.rows,
      '',
    ].join('\n'),
  );
  return [INTRODUCTION, ...body].join('\n');
}

if (require.main === module) {
  writeFileSync(REFERENCE_FILE, renderConfigReference());
  console.log(`wrote ${REFERENCE_FILE}`);
}
