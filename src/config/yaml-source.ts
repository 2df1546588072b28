import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type ParsedNode,
  parseDocument,
  YAMLParseError,
} from 'yaml';
import { type ConfigIssue, type DataIssue, formatPath, type Path } from './errors';

interface Located {
  /** The key node of a map entry; absent for the root and for list items. */
  readonly key?: ParsedNode | null;
  readonly value: ParsedNode | null;
}

function keyText(key: ParsedNode | null): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * A parsed config file that knows where everything came from: it turns data
 * issues (a key path) into file, line and column.
 */
export class YamlSource {
  /** Syntax errors, duplicate keys and YAML warnings; when any is a syntax error the data is not to be trusted. */
  readonly parseIssues: ConfigIssue[] = [];
  readonly hasSyntaxErrors: boolean;
  /** The document as plain data, before references are resolved. */
  readonly data: unknown;
  private readonly document: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    text: string,
    private readonly file: string,
  ) {
    // Duplicate keys are found below rather than by the parser, which cannot say where the first one was.
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: false });
    this.data = this.toData();
    this.checkNodes(this.document.contents, [], []);
    for (const problem of [...this.document.errors, ...this.document.warnings]) {
      this.parseIssues.push(this.issueAt(problem.pos[0], [], problem.message));
    }
    this.hasSyntaxErrors = this.document.errors.length > 0;
  }

  /** Places an issue found in the data at the line and column of its key path. */
  place(issue: DataIssue): ConfigIssue {
    const path = issue.anchor === 'parent' ? issue.path.slice(0, -1) : issue.path;
    const found = this.locate(path);
    const target = found[found.length - 1]!;
    const complete = found.length === path.length + 1;
    const node =
      complete && issue.anchor === 'value' && hasText(target.value)
        ? target.value
        : (target.key ?? target.value);
    return this.issueAt(node?.range?.[0] ?? 0, path, issue.message);
  }

  private issueAt(offset: number, path: Path, message: string): ConfigIssue {
    const { line, col } = this.lines.linePos(offset);
    return {
      file: this.file,
      line: Math.max(line, 1),
      column: Math.max(col, 1),
      path: formatPath(path),
      message,
    };
  }

  private toData(): unknown {
    try {
      return this.document.toJS();
    } catch (error) {
      // Only too many aliases (an "alias bomb") make toJS throw; that is as fatal as a syntax error.
      this.document.errors.push(new YAMLParseError([0, 0], 'RESOURCE_EXHAUSTION', (error as Error).message));
      return undefined;
    }
  }

  /** The nodes along `path` from the root, as far as the document has them. */
  private locate(path: Path): Located[] {
    const found: Located[] = [{ value: this.document.contents }];
    for (const segment of path) {
      const node = this.resolved(found[found.length - 1]!.value);
      let next: Located | undefined;
      if (isMap(node)) {
        // The last of duplicate keys is the one whose value counts, as in the data.
        const pair = node.items.filter((item) => keyText(item.key) === String(segment)).pop();
        if (pair) next = { key: pair.key, value: pair.value };
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item) next = { value: item };
      }
      if (!next) break;
      found.push(next);
    }
    return found;
  }

  private resolved(node: ParsedNode | null): ParsedNode | null {
    return isAlias(node) ? ((node.resolve(this.document) as ParsedNode | undefined) ?? null) : node;
  }

  /** Finds duplicate keys, and aliases inside the node they refer to (whose data would be infinite). */
  private checkNodes(node: ParsedNode | null, path: Path, ancestors: readonly ParsedNode[]): void {
    if (node === null) return;
    if (isAlias(node)) {
      const target = this.resolved(node);
      if (target !== null && ancestors.includes(target)) {
        const message = `alias *${node.source} refers to a node that contains it`;
        this.document.errors.push(new YAMLParseError([node.range[0], node.range[1]], 'BAD_ALIAS', message));
      }
      return;
    }
    const inside = [...ancestors, node];
    if (isMap(node)) {
      const firstLines = new Map<string, number>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const offset = pair.key?.range?.[0] ?? 0;
        const firstLine = firstLines.get(key);
        if (firstLine === undefined) firstLines.set(key, this.lines.linePos(offset).line);
        else
          this.parseIssues.push(
            this.issueAt(offset, [...path, key], `duplicate key (first given at line ${firstLine})`),
          );
        this.checkNodes(pair.value, [...path, key], inside);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        this.checkNodes(item, [...path, index], inside);
      });
    }
  }
}

/** An empty value (`key:` and nothing after it) has no text of its own to point at. */
function hasText(node: ParsedNode | null | undefined): node is ParsedNode {
  return node?.range !== undefined && node.range[1] > node.range[0];
}
