import { isMapping, mappingEntries } from './data';
import type { DataIssue, Path } from './errors';
import { unknownName } from './suggest';

/*
 * Named objects refer to each other by name. These checks read the data as
 * parsed rather than running inside the schema: zod skips an object's
 * refinements once anything inside it is invalid, and a wrong name must be
 * reported together with every other mistake in the file.
 */

/** A name used at `path` that must be defined as a key of some collection. */
interface NameUse {
  readonly path: Path;
  readonly name: unknown;
}

interface ReferenceKind {
  /** What the name refers to, for messages: "collector". */
  readonly noun: string;
  /** Top-level key of the mapping that defines the names. */
  readonly definedIn: string;
  uses(data: Record<string, unknown>): NameUse[];
}

const REFERENCE_KINDS: readonly ReferenceKind[] = [
  {
    noun: 'collector',
    definedIn: 'collectors',
    uses: (data) =>
      mappingEntries(data.rules).flatMap(([rule, settings]) => {
        const match = isMapping(settings) ? settings.match : undefined;
        const names = isMapping(match) ? match.collectors : undefined;
        return Array.isArray(names)
          ? names.map((name: unknown, index) => ({
              path: ['rules', rule, 'match', 'collectors', index],
              name,
            }))
          : [];
      }),
  },
];

/** Every name in `data` that refers to an object that is not defined. Shapes are the schema's business. */
export function referenceIssues(data: unknown): DataIssue[] {
  if (!isMapping(data)) return [];
  return REFERENCE_KINDS.flatMap((kind) => {
    const defined = mappingEntries(data[kind.definedIn]).map(([name]) => name);
    return kind
      .uses(data)
      .filter(
        (use): use is NameUse & { name: string } =>
          typeof use.name === 'string' && !defined.includes(use.name),
      )
      .map((use) => ({
        path: use.path,
        anchor: 'value' as const,
        message: unknownName(kind.noun, use.name, defined),
      }));
  });
}
