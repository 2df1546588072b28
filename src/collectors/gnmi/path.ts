import type { Path, PathElem } from './messages';

/**
 * Parses a gNMI path written as a string, like gNMIc and Telegraf accept it:
 * `/interfaces/interface[name=Ethernet1]/state/counters`, with an optional
 * `origin:` in front. Key values may hold `/`, and `]` or `\` escaped with `\`.
 * Throws an Error naming the problem.
 */
export function parsePath(text: string): Path {
  let rest = text.trim();
  let origin: string | undefined;
  const withOrigin = /^([A-Za-z][\w.-]*):(\/.*)?$/.exec(rest);
  if (withOrigin) {
    origin = withOrigin[1];
    rest = withOrigin[2] ?? '/';
  }
  if (!rest.startsWith('/')) throw new Error(`path "${text}" must start with "/"`);
  const elem: PathElem[] = [];
  let i = 1;
  while (i < rest.length) {
    let name = '';
    while (i < rest.length && rest[i] !== '/' && rest[i] !== '[') name += rest[i++];
    if (name === '') throw new Error(`path "${text}" has an empty element at offset ${i}`);
    const key: Record<string, string> = {};
    while (rest[i] === '[') {
      const close = scanKey(rest, i + 1, text);
      const [keyName, value] = close.entry;
      if (keyName in key) throw new Error(`path "${text}" repeats key "${keyName}" in element "${name}"`);
      key[keyName] = value;
      i = close.next;
    }
    elem.push(Object.keys(key).length > 0 ? { name, key } : { name });
    if (i < rest.length && rest[i] !== '/')
      throw new Error(`path "${text}" has text after "]" at offset ${i}`);
    i++;
  }
  return origin === undefined ? { elem } : { origin, elem };
}

function scanKey(text: string, start: number, whole: string): { entry: [string, string]; next: number } {
  const equals = text.indexOf('=', start);
  if (equals < 0) throw new Error(`path "${whole}" has a key without "=" at offset ${start}`);
  const name = text.slice(start, equals);
  if (name === '' || /[[\]/]/.test(name))
    throw new Error(`path "${whole}" has an invalid key name "${name}"`);
  let value = '';
  let i = equals + 1;
  while (i < text.length && text[i] !== ']') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i++];
  }
  if (i >= text.length) throw new Error(`path "${whole}" has an unclosed "[" at offset ${start - 1}`);
  return { entry: [name, value], next: i + 1 };
}

/** The element names of a path, without keys: `/interfaces/interface/state`. */
export function schemaPath(elems: readonly PathElem[]): string {
  let out = '';
  for (const e of elems) out += `/${e.name}`;
  return out === '' ? '/' : out;
}

/** A path with its keys, for logs and errors: `/interfaces/interface[name=eth0]/state`. */
export function formatPath(path: Path | null | undefined): string {
  const elems = elementsOf(path);
  let out = path?.origin ? `${path.origin}:` : '';
  for (const e of elems) {
    out += `/${e.name}`;
    if (e.key) for (const k of Object.keys(e.key).sort()) out += `[${k}=${e.key[k]}]`;
  }
  return out === '' || out.endsWith(':') ? `${out}/` : out;
}

const NO_ELEMS: readonly PathElem[] = [];

/** A path's elements, also from the deprecated string form. */
export function elementsOf(path: Path | null | undefined): readonly PathElem[] {
  if (path == null) return NO_ELEMS;
  if (path.elem != null && path.elem.length > 0) return path.elem;
  if (path.element != null && path.element.length > 0) return path.element.map((name) => ({ name }));
  return NO_ELEMS;
}
