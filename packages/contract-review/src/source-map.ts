import {
  derefInFiles,
  escapePointer,
  isObject,
  type SourceNode,
  unescapePointer,
} from '@scalingo-db-api/openapi/model';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Change } from './diff.js';

/** A line of a source file of the head's spec, for an annotation. */
export interface SourceLocation {
  /** The file, relative to the directory `read` reads from (the repository root). */
  file: string;
  /** 1-based. */
  line: number;
}

/** Reads a file of the tree (a path relative to its root, `/`-separated), or null when absent. */
export type ReadFile = (file: string) => string | null;

/** The source files of one side: how to read them, and the spec's root file among them. */
export interface SourceTree {
  read: ReadFile;
  root: string;
}

interface Parsed {
  value: unknown;
  contents: Node | null;
  lines: LineCounter;
}

/** A place in the sources: a key as written (its file and pointer) and the value it holds. */
type Cursor = SourceNode;

const METHOD = /^([A-Z]+) (\/.*)$/;
/** Deepest `allOf`/`oneOf`/`anyOf` nesting searched for a property. */
const MAX_COMPOSITION_DEPTH = 16;

/**
 * Maps a change of the bundled document back to the source file and line that a reviewer edits,
 * following the `$ref`s of the spec from its root file (the `where` of a change names the place:
 * `response 200 › database.instances[].hostname`, `query parameter page`, `servers`…).
 *
 * Annotations point at the head, the tree a pull request shows. What the head no longer has (a
 * removed property, parameter, status or operation) is found in the base, and points at the same
 * file of the head at the nearest key that survives there: the `properties` of the schema that
 * lost the property, the operation's `parameters` or `responses`, the path. When that file is gone
 * too, or no base is given, it points at the nearest surviving parent in the head. A reference that
 * does not resolve, leaves the tree or goes round in a cycle stops the search at the key that
 * holds it.
 */
export class SourceMap {
  private readonly head: SpecTree;
  private readonly base: SpecTree | null;

  constructor(head: SourceTree, base?: SourceTree) {
    this.head = new SpecTree(head.read, head.root);
    this.base = base ? new SpecTree(base.read, base.root) : null;
  }

  locate(change: Change): SourceLocation {
    const head = this.head.walk(change);
    if (!head.exact && this.base) {
      const base = this.base.walk(change);
      // The root files of the two sides may have different names (--base-spec, --head-spec).
      const file = base.cursor.file === this.base.root ? this.head.root : base.cursor.file;
      const line = base.exact ? this.head.line({ file, pointer: base.cursor.pointer }) : null;
      if (line !== null) return { file, line };
    }
    return { file: head.cursor.file, line: this.head.line(head.cursor) ?? 1 };
  }
}

/** One tree of source files (the head's or the base's), walked from its root file. */
class SpecTree {
  private readonly files = new Map<string, Parsed | null>();
  /** Whether the current walk had to stop short of what the change names. */
  private missed = false;

  constructor(
    private readonly read: ReadFile,
    readonly root: string,
  ) {}

  /** The key a change is about, or the nearest one that exists (then `exact` is false). */
  walk(change: Change): { cursor: Cursor; exact: boolean } {
    this.missed = false;
    const top: Cursor = { file: this.root, pointer: '#', node: this.load(this.root) };
    if (top.node === undefined) return { cursor: top, exact: false };
    const cursor = change.operation === null ? this.inDocument(top, change) : this.inOperation(top, change);
    return { cursor: this.missed ? cursor : this.keyword(cursor, change), exact: !this.missed };
  }

  /**
   * The keyword a change names first (`maxLength 64 → 32`, `summary changed`), in the node found
   * or in its schema, when it is there: the very line that changed. What was added or removed
   * whole is pointed at itself (the message names the thing, not a keyword).
   */
  private keyword(cursor: Cursor, change: Change): Cursor {
    if (/-(added|removed)$/.test(change.rule)) return cursor;
    const word = /^`?([A-Za-z$][\w$-]*)/.exec(change.message)?.[1];
    if (word === undefined) return cursor;
    const schema = this.child(cursor, 'schema');
    return this.child(cursor, word) ?? (schema && this.child(schema, word)) ?? cursor;
  }

  /** `found`, or `parent` when it is missing, noting that the walk stopped short. */
  private or(found: Cursor | null | undefined, parent: Cursor): Cursor {
    if (found) return found;
    this.missed = true;
    return parent;
  }

  // ------------------------------------------------------------------ places

  private inDocument(top: Cursor, change: Change): Cursor {
    const { where } = change;
    if (where === 'document') return this.or(this.child(top, change.message.split(/[ ,]/)[0] ?? ''), top);
    if (where.startsWith('servers')) return this.servers(top, top, change);
    const scheme = /^security scheme (.+)$/.exec(where);
    if (scheme) return this.path(top, ['components', 'securitySchemes', scheme[1] ?? '']);
    return this.or(this.child(top, where), top);
  }

  private inOperation(top: Cursor, change: Change): Cursor {
    const match = METHOD.exec(change.operation ?? '');
    const paths = this.or(this.child(top, 'paths'), top);
    if (!match || paths === top) return this.or(null, paths);
    const path = match[2] ?? '';
    const item = this.or(this.child(paths, path) ?? this.pathByShape(paths, path), paths);
    if (item === paths) return paths;
    const op = this.or(this.child(item, (match[1] ?? '').toLowerCase()), item);
    if (op === item) return item;
    const split = change.where.indexOf(' › ');
    const prefix = split < 0 ? change.where : change.where.slice(0, split);
    const schemaPath = split < 0 ? '' : change.where.slice(split + 3);
    if (prefix === 'operation') return op;
    if (prefix === 'path item') return item;
    if (prefix === 'operationId' || prefix === 'security') return this.or(this.child(op, prefix), op);
    if (prefix.startsWith('servers')) return this.servers(op, item, change);
    const parameter = /^(path|query|header|cookie) parameter (.+)$/.exec(prefix);
    if (parameter) return this.parameter(op, item, parameter[1] ?? '', parameter[2] ?? '', schemaPath);
    const body = /^request body(?: \((.+)\))?$/.exec(prefix);
    if (body) return this.content(this.or(this.child(op, 'requestBody'), op), body[1], schemaPath);
    const response = /^response (\S+)(?: header (.+)| \((.+)\))?$/.exec(prefix);
    if (!response) return this.or(null, op);
    const responses = this.or(this.child(op, 'responses'), op);
    const at = this.or(this.child(responses, response[1] ?? ''), responses);
    if (at === responses || at === op) return at;
    if (response[2] === undefined) return this.content(at, response[3], schemaPath);
    const headers = this.or(this.child(at, 'headers'), at);
    const header = this.or(this.childIgnoringCase(headers, response[2]), headers);
    if (header === headers || header === at || schemaPath === '') return header;
    return this.schema(this.or(this.child(header, 'schema'), header), schemaPath);
  }

  /** A request body or response: its media type's schema when the change lies in the schema. */
  private content(holder: Cursor, mediaType: string | undefined, schemaPath: string): Cursor {
    if (mediaType === undefined && schemaPath === '') return holder;
    const content = this.or(this.child(holder, 'content'), holder);
    if (content === holder) return holder;
    const media = this.or(this.child(content, mediaType ?? 'application/json'), content);
    if (media === content || (schemaPath === '' && mediaType !== undefined)) return media;
    return this.schema(this.or(this.child(media, 'schema'), media), schemaPath);
  }

  private parameter(op: Cursor, item: Cursor, where: string, name: string, schemaPath: string): Cursor {
    for (const holder of [op, item]) {
      const list = this.child(holder, 'parameters');
      if (!list || !Array.isArray(list.node)) continue;
      for (let index = 0; index < list.node.length; index++) {
        const entry = this.child(list, String(index));
        const param = entry && this.deref(entry);
        if (!entry || !param || !isObject(param.node)) continue;
        if (param.node.in !== where || param.node.name !== name) continue;
        if (schemaPath === '') return entry;
        return this.schema(this.or(this.child(param, 'schema'), entry), schemaPath);
      }
    }
    return this.or(null, this.child(op, 'parameters') ?? this.child(item, 'parameters') ?? op);
  }

  private servers(holder: Cursor, fallback: Cursor, change: Change): Cursor {
    const list = this.or(this.child(holder, 'servers') ?? this.child(fallback, 'servers'), holder);
    if (list === holder || !Array.isArray(list.node)) return list;
    const url = change.where.startsWith('servers ')
      ? change.where.slice('servers '.length)
      : typeof change.after === 'string'
        ? change.after
        : typeof change.before === 'string'
          ? change.before
          : null;
    if (url === null) return list;
    const index = list.node.findIndex((server) => isObject(server) && server.url === url);
    return this.or(index >= 0 ? this.child(list, String(index)) : null, list);
  }

  /** Follows `a.b[].c`, `*` (additionalProperties) and `<branch>` through a schema. */
  private schema(start: Cursor, schemaPath: string): Cursor {
    let cursor = start;
    for (const step of schemaSteps(schemaPath)) {
      if (step === '[]') cursor = this.or(this.child(cursor, 'items'), cursor);
      else if (step === '*') cursor = this.or(this.child(cursor, 'additionalProperties'), cursor);
      // A branch found by its name, or else the schema: the next property is searched in its branches.
      else if (step.startsWith('<')) cursor = this.branch(cursor, step.slice(1, -1)) ?? cursor;
      else {
        const found = this.property(cursor, step, 0, new Set());
        if (!found) return this.or(null, this.child(cursor, 'properties') ?? cursor);
        cursor = found;
      }
    }
    return cursor;
  }

  /** A property of a schema, also where its `allOf`, `oneOf` or `anyOf` members declare it. */
  private property(schema: Cursor, name: string, depth: number, seen: Set<string>): Cursor | null {
    const node = this.deref(schema);
    if (!node || depth > MAX_COMPOSITION_DEPTH) return null;
    const key = `${node.file}${node.pointer}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const properties = this.child(node, 'properties');
    const own = properties && this.child(properties, name);
    if (own) return own;
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const list = this.child(node, keyword);
      if (!list || !Array.isArray(list.node)) continue;
      for (let index = 0; index < list.node.length; index++) {
        const member = this.child(list, String(index));
        const found = member && this.property(member, name, depth + 1, seen);
        if (found) return found;
      }
    }
    return null;
  }

  /** The `oneOf`/`anyOf` branch a report names `<key>`: by the name its `$ref` ends with. */
  private branch(schema: Cursor, key: string): Cursor | null {
    const node = this.deref(schema);
    for (const keyword of ['oneOf', 'anyOf']) {
      const list = node && this.child(node, keyword);
      if (!list || !Array.isArray(list.node)) continue;
      const index = list.node.findIndex(
        (member) =>
          isObject(member) &&
          typeof member.$ref === 'string' &&
          member.$ref
            .replace(/\.ya?ml$/, '')
            .split(/[/#]/)
            .pop() === key,
      );
      if (index >= 0) return this.child(list, String(index));
    }
    return null;
  }

  private pathByShape(paths: Cursor, path: string): Cursor | null {
    const node = this.deref(paths);
    if (!node || !isObject(node.node)) return null;
    const shape = (p: string) => p.replace(/\{[^}]*\}/g, '{}');
    const found = Object.keys(node.node).find((key) => shape(key) === shape(path));
    return found === undefined ? null : this.child(paths, found);
  }

  // ------------------------------------------------------------------ tree

  private path(from: Cursor, keys: string[]): Cursor {
    let cursor = from;
    for (const key of keys) {
      const next = this.or(this.child(cursor, key), cursor);
      if (next === cursor) return cursor;
      cursor = next;
    }
    return cursor;
  }

  /** The key `key` of what `cursor` holds (after its `$ref`s), as written; null when absent. */
  private child(cursor: Cursor, key: string): Cursor | null {
    const node = this.deref(cursor);
    if (!node || node.node === null || typeof node.node !== 'object') return null;
    const value = (node.node as Record<string, unknown>)[key];
    if (value === undefined || !Object.hasOwn(node.node, key)) return null;
    return { file: node.file, pointer: `${node.pointer}/${escapePointer(key)}`, node: value };
  }

  private childIgnoringCase(cursor: Cursor, key: string): Cursor | null {
    const node = this.deref(cursor);
    if (!node || !isObject(node.node)) return null;
    const found = Object.keys(node.node).find((name) => name.toLowerCase() === key.toLowerCase());
    return found === undefined ? null : this.child(cursor, found);
  }

  private deref(cursor: Cursor): Cursor | null {
    try {
      return derefInFiles((file) => this.load(file), cursor.file, cursor.node, cursor.pointer);
    } catch {
      return null;
    }
  }

  private parsed(file: string): Parsed | null {
    if (!this.files.has(file)) {
      const text = this.read(file);
      let parsed: Parsed | null = null;
      if (text !== null) {
        const lines = new LineCounter();
        const doc = parseDocument(text, { lineCounter: lines });
        if (doc.errors.length === 0)
          parsed = { value: doc.toJS({ maxAliasCount: 100 }), contents: doc.contents, lines };
      }
      this.files.set(file, parsed);
    }
    return this.files.get(file) ?? null;
  }

  private load(file: string): unknown {
    return this.parsed(file)?.value;
  }

  /**
   * The line of a key as written (its key for a map entry, its dash for a list item), or of its
   * nearest parent in the file when this tree's file lacks it; null when the tree has no such file.
   */
  line(cursor: Pick<Cursor, 'file' | 'pointer'>): number | null {
    const parsed = this.parsed(cursor.file);
    if (!parsed) return null;
    let node: unknown = parsed.contents;
    let offset = 0;
    const tokens = cursor.pointer === '#' ? [] : cursor.pointer.slice(2).split('/');
    for (const raw of tokens) {
      const token = unescapePointer(raw);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === token);
        if (!pair) break;
        offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(token)] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return parsed.lines.linePos(offset).line;
  }
}

/** `database.instances[].hostname <postgresql>.port` as steps: names, `[]`, `*` and `<key>`. */
export function schemaSteps(path: string): string[] {
  const steps: string[] = [];
  let rest = path;
  while (rest.length > 0) {
    if (rest.startsWith('[]')) {
      steps.push('[]');
      rest = rest.slice(2);
    } else if (rest.startsWith(' <') && rest.includes('>')) {
      const end = rest.indexOf('>');
      steps.push(rest.slice(1, end + 1));
      rest = rest.slice(end + 1);
    } else if (rest.startsWith('.')) {
      rest = rest.slice(1);
    } else {
      const name = /^.+?(?=\.|\[\]| <|$)/.exec(rest)?.[0] ?? rest;
      steps.push(name);
      rest = rest.slice(name.length);
    }
  }
  return steps;
}
