// @ts-check
// The source files of the description before bundling: `spec/openapi.yaml` and the files its
// `$ref`s name (`paths/…`, `components/…`). The bundle is what packages read; these are for tools
// that must point a person at the line to edit (the contract review's annotations).
import { getByPointer, isRef } from './document.js';

/** The longest chain of `$ref`s followed before calling it a cycle. */
const MAX_HOPS = 64;

/**
 * Splits a `$ref` into the file it names, relative to the file that holds it (`''` for that same
 * file), and the JSON pointer inside: `../schemas/Backup.yaml#/properties/id` gives
 * `{ file: '../schemas/Backup.yaml', pointer: '#/properties/id' }`.
 * @param {string} ref
 */
export function splitRef(ref) {
  const hash = ref.indexOf('#');
  if (hash < 0) return { file: ref, pointer: '#' };
  return { file: ref.slice(0, hash), pointer: ref.slice(hash) === '#' ? '#' : ref.slice(hash) };
}

/**
 * The path of the file a `$ref` names, from the file that holds it, both relative to the root of
 * the description's tree, with `/` separators: `paths/a/get.yaml` and `../../components/X.yaml`
 * give `components/X.yaml`. Null for a reference that leaves the tree or names a URL.
 * @param {string} from @param {string} file
 * @returns {string | null}
 */
export function joinRefPath(from, file) {
  if (file === '') return from;
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.startsWith('/')) return null;
  const parts = from.split('/').slice(0, -1);
  for (const part of decodeURI(file).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/**
 * @typedef {{ file: string, pointer: string, node: unknown }} SourceNode
 *   a node of a source file: the file (relative to the tree's root), its JSON pointer there, and
 *   its parsed value
 */

/**
 * Follows `$ref`s, local or to other files, from `node` (at `pointer` in `file`) to what they end
 * on. `load(file)` gives the parsed content of a file of the tree, or undefined when there is no
 * such file. Throws, naming the reference, when one leaves the tree, points at nothing or goes
 * round in a cycle.
 * @param {(file: string) => unknown} load
 * @param {string} file @param {unknown} node @param {string} [pointer]
 * @returns {SourceNode}
 */
export function derefInFiles(load, file, node, pointer = '#') {
  /** @type {SourceNode} */
  let at = { file, pointer, node };
  /** @type {Set<string>} */
  const seen = new Set();
  while (isRef(at.node)) {
    const ref = at.node.$ref;
    const target = splitRef(ref);
    const targetFile = joinRefPath(at.file, target.file);
    if (targetFile === null) throw new Error(`$ref ${ref} in ${at.file} leaves the description's files`);
    const key = `${targetFile}${target.pointer}`;
    if (seen.has(key) || seen.size >= MAX_HOPS) throw new Error(`circular $ref ${ref} in ${at.file}`);
    seen.add(key);
    const content = load(targetFile);
    const next = content === undefined ? undefined : getByPointer(content, target.pointer);
    if (next === undefined) throw new Error(`unresolved $ref ${ref} in ${at.file}`);
    at = { file: targetFile, pointer: target.pointer, node: next };
  }
  return at;
}
