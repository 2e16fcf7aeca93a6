// Checks one answer (status, headers, body) of one operation against the bundled spec with the
// mock's validators: what breaks the contract (a violation), what the contract does not know yet
// (properties, values of open enumerations), and what to change in the spec for each finding.
import {
  buildApiModel,
  bundledSpec,
  bundledValidators,
  type CompiledOperation,
  ContractValidator,
  compileOperation,
  escapePointer,
  type FieldErrors,
  fieldErrors,
  findResponse,
  getByPointer,
  type JsonObject,
  type OperationModel,
  openEnumValues,
  type ResponseModel,
  resolveSchemaPointer,
  responseHeadersValidator,
  unescapePointer,
} from '@scalingo-db-api/mock/contract';

export interface Violation {
  /** A JSON pointer into the body; `""` for the answer as a whole (its status, headers or root). */
  pointer: string;
  message: string;
}

export interface UnknownEnumValue {
  pointer: string;
  value: string;
}

/** What one check found; `advice` and `checked` feed the Markdown report only. */
export interface Findings {
  violations: Violation[];
  unknownProperties: string[];
  unknownEnumValues: UnknownEnumValue[];
  /** What to change in the spec, one sentence per finding. */
  advice: string[];
  /** What was checked, in words. */
  checked: string[];
}

export interface Answer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as text (empty when none came). */
  text: string;
}

/** `spec/components/schemas/Backup.yaml` for `#/components/schemas/Backup/...`, else the pointer. */
export function specLocation(pointer: string): string {
  const schema = /^#\/components\/schemas\/([^/]+)(.*)$/.exec(pointer);
  if (schema) return `spec/components/schemas/${schema[1]}.yaml${schema[2] ? ` (at ${schema[2]})` : ''}`;
  const inline = /^#\/paths\/[^/]+\/([a-z]+)\/(.*)$/.exec(pointer);
  if (inline)
    return `the schema written inline in the ${String(inline[1]).toUpperCase()} operation's file (at ${inline[2]})`;
  return pointer;
}

function operationFile(operation: OperationModel): string {
  return `spec/paths/*/${operation.operationId}.yaml`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return kind === 'object' || kind === 'array' ? `an ${kind}` : `${short} (${kind})`;
}

export const toPointer = (segments: string[]) => segments.map((s) => `/${escapePointer(s)}`).join('');

export class ContractChecker {
  readonly model = buildApiModel(bundledSpec);
  readonly document = bundledSpec;
  /**
   * The mock's validators, precompiled for the bundled spec, whose open enumerations (in the
   * bundle's standard form) accept any other string: an unknown value is reported by the walk.
   */
  readonly strict = new ContractValidator(bundledSpec, bundledValidators);
  private readonly requests = new Map<OperationModel, CompiledOperation>();

  operation(operationId: string): OperationModel {
    const operation = this.model.byId.get(operationId);
    if (!operation) throw new Error(`the spec has no operation ${operationId}`);
    return operation;
  }

  /** The request validators of an operation (the ones the mock checks requests with). */
  requestValidators(operation: OperationModel): CompiledOperation {
    let compiled = this.requests.get(operation);
    if (!compiled) {
      compiled = compileOperation(this.strict, operation);
      this.requests.set(operation, compiled);
    }
    return compiled;
  }

  check(operation: OperationModel, answer: Answer): Findings {
    const found: Findings = {
      violations: [],
      unknownProperties: [],
      unknownEnumValues: [],
      advice: [],
      checked: [],
    };
    const declared = findResponse(operation, answer.status);
    const statuses = operation.responses.map((r) => r.key).join(', ');
    if (!declared) {
      found.violations.push({
        pointer: '',
        message: `status ${answer.status} is not declared (the spec declares ${statuses})`,
      });
      found.advice.push(
        `Declare the ${answer.status} answer of \`${operation.operationId}\` (${operationFile(operation)}), with the body it carries, if the server really sends it.`,
      );
      found.checked.push(`status ${answer.status} against the declared ${statuses}`);
      return found;
    }
    found.checked.push(`status ${answer.status} (declared as ${declared.key})`);
    this.checkHeaders(operation, declared, answer, found);
    this.checkBody(operation, declared, answer, found);
    return found;
  }

  private checkHeaders(operation: OperationModel, declared: ResponseModel, answer: Answer, found: Findings) {
    if (declared.headers.length === 0) return;
    found.checked.push(`headers ${declared.headers.map((h) => h.name).join(', ')}`);
    const problems = responseHeadersValidator(this.strict, declared)?.({ ...answer.headers });
    for (const [name, messages] of Object.entries(problems ?? {})) {
      found.violations.push({
        pointer: '',
        message: `header ${name}: the spec says it ${messages.join(', ')}; got ${show(answer.headers[name])}`,
      });
      found.advice.push(
        `Fix the \`${name}\` header of the ${declared.key} answer of \`${operation.operationId}\` (${operationFile(operation)}).`,
      );
    }
  }

  private checkBody(operation: OperationModel, declared: ResponseModel, answer: Answer, found: Findings) {
    const declaredTypes = declared.content.map((m) => m.mediaType);
    if (answer.text === '') {
      if (declaredTypes.length > 0) {
        found.violations.push({
          pointer: '',
          message: `the spec declares a body (${declaredTypes.join(', ')}); none came`,
        });
        found.advice.push(
          `Mark the body of the ${declared.key} answer of \`${operation.operationId}\` as possibly empty (${operationFile(operation)}).`,
        );
      }
      return;
    }
    const contentType = (answer.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const media = declared.content.find((m) => m.mediaType.toLowerCase() === contentType);
    if (!media) {
      found.violations.push({
        pointer: '',
        message: `content type ${contentType || '(none)'} is not declared (the spec declares ${declaredTypes.join(', ') || 'no body'})`,
      });
      found.advice.push(
        `Declare the ${contentType || 'untyped'} body of the ${declared.key} answer of \`${operation.operationId}\` (${operationFile(operation)}).`,
      );
      return;
    }
    if (!media.schemaPointer) return;
    let body: unknown = answer.text;
    if (/json/.test(contentType)) {
      try {
        body = JSON.parse(answer.text);
      } catch {
        found.violations.push({ pointer: '', message: `the body is not valid JSON (${contentType})` });
        return;
      }
    }
    const schema = resolveSchemaPointer(this.document, media.schemaPointer) ?? media.schemaPointer;
    found.checked.push(`body (${contentType}) against ${specLocation(schema)}`);
    const validate = this.strict.schemaAt(media.schemaPointer);
    if (!validate(body))
      this.addViolations(operation, schema, body, fieldErrors(validate.errors, toPointer), found);
    const walker = new SchemaWalker(this.document, this.strict);
    walker.walk(body, media.schemaPointer, []);
    for (const { pointer, owner } of walker.unknownProperties) {
      found.unknownProperties.push(pointer);
      found.advice.push(`Describe \`${pointer}\` in ${specLocation(owner)}: the server sends it.`);
    }
    for (const { pointer, value, owner } of walker.unknownEnumValues) {
      found.unknownEnumValues.push({ pointer, value });
      found.advice.push(
        `Add ${JSON.stringify(value)} to the values listed by ${specLocation(owner)} (\`${pointer}\`): it is open, so clients already accept it.`,
      );
    }
  }

  private addViolations(
    operation: OperationModel,
    schema: string,
    body: unknown,
    problems: FieldErrors,
    found: Findings,
  ) {
    // A rooted answer (`{"database": …}`, `{"maintenance": […], "meta": …}`) that came without
    // any of its keys: the server sent the bare object or array.
    const root = getByPointer(this.document, schema) as JsonObject | undefined;
    const keys = root?.properties && typeof root.properties === 'object' ? Object.keys(root.properties) : [];
    const required = Array.isArray(root?.required) ? (root.required as string[]) : [];
    const rootKey = required.find((key) => keys.includes(key));
    const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
    const rooted = isObject && keys.some((key) => key in body);
    if (rootKey && !rooted) {
      found.violations.push({
        pointer: '',
        message: `the answer is unrooted: the spec wraps it in "${rootKey}"; got ${show(body)}${
          isObject && Object.keys(body).length > 0 ? ` with keys ${Object.keys(body).join(', ')}` : ''
        }`,
      });
      found.advice.push(
        `The server answers \`${operation.operationId}\` without the "${rootKey}" root key: describe the unrooted form, with an \`x-scalingo-unrooted\` note (${operationFile(operation)}).`,
      );
      return;
    }
    const walker = new SchemaWalker(this.document, this.strict);
    for (const [field, messages] of Object.entries(problems)) {
      const pointer = field === 'body' ? '' : field;
      const segments = pointer.split('/').slice(1).map(unescapePointer);
      const value = getByPointer(body, pointer);
      for (const message of messages) {
        if (message === 'is required') {
          const name = segments.at(-1) ?? '';
          const owner = walker.locate(
            body,
            schema,
            segments.slice(0, -1),
            (node) => Array.isArray(node.required) && node.required.includes(name),
          );
          found.violations.push({ pointer, message: 'the spec requires it; it is absent' });
          found.advice.push(
            `\`${pointer}\` is absent: if the server may leave it out, drop \`${name}\` from \`required\` in ${specLocation(owner ?? schema)}.`,
          );
        } else {
          const owner = walker.locate(body, schema, segments, () => true);
          found.violations.push({ pointer, message: `the spec says it ${message}; got ${show(value)}` });
          found.advice.push(
            `\`${pointer || '(root)'}\` ${message} per the spec but came as ${show(value)}: widen ${specLocation(owner ?? schema)} if the server really sends that.`,
          );
        }
      }
    }
  }
}

interface Located {
  pointer: string;
  /** The schema (a pointer into the document) that would have to say it. */
  owner: string;
}

/**
 * Walks a value along its schema to find what the schema does not describe: properties no
 * applicable schema declares (where the schema lists properties and does not allow others
 * explicitly) and values of open enumerations outside the listed ones. For `oneOf`/`anyOf`, it
 * follows the branches the value matches (with open enumerations opened), or all when none does.
 */
class SchemaWalker {
  readonly unknownProperties: Located[] = [];
  readonly unknownEnumValues: (Located & { value: string })[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly document: JsonObject,
    private readonly validator: ContractValidator,
  ) {}

  private node(pointer: string): JsonObject | undefined {
    const node = getByPointer(this.document, pointer);
    return node && typeof node === 'object' && !Array.isArray(node) ? (node as JsonObject) : undefined;
  }

  /** The resolved pointers of every schema that applies to the value at this pointer. */
  private applicable(value: unknown, pointer: string, out: string[] = [], depth = 0): string[] {
    const at = resolveSchemaPointer(this.document, pointer);
    const node = at === undefined ? undefined : this.node(at);
    if (at === undefined || !node || depth > 20 || out.includes(at)) return out;
    out.push(at);
    if (Array.isArray(node.allOf)) {
      for (let i = 0; i < node.allOf.length; i++) this.applicable(value, `${at}/allOf/${i}`, out, depth + 1);
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = node[keyword];
      if (!Array.isArray(branches)) continue;
      const pointers = branches.map((_, i) => `${at}/${keyword}/${i}`);
      const matching = pointers.filter((p) => this.validator.schemaAt(p)(value));
      for (const p of matching.length > 0 ? matching : pointers) this.applicable(value, p, out, depth + 1);
    }
    return out;
  }

  /**
   * The schema that describes the value at `segments` (the first of the schemas that apply there
   * for which `pick` holds), following properties and items from the schema at `pointer`.
   */
  locate(
    value: unknown,
    pointer: string,
    segments: string[],
    pick: (node: JsonObject) => boolean,
  ): string | undefined {
    const schemas = this.applicable(value, pointer);
    const [segment, ...rest] = segments;
    if (segment === undefined) return schemas.find((at) => pick(this.node(at) ?? {}));
    const child = value !== null && typeof value === 'object' ? (value as JsonObject)[segment] : undefined;
    for (const at of schemas) {
      const node = this.node(at);
      const next = Array.isArray(value)
        ? node?.items !== undefined && `${at}/items`
        : Object.hasOwn((node?.properties as JsonObject | undefined) ?? {}, segment) &&
          `${at}/properties/${escapePointer(segment)}`;
      if (next) return this.locate(child, next, rest, pick);
    }
    return undefined;
  }

  walk(value: unknown, pointer: string, path: string[]): void {
    const schemas = this.applicable(value, pointer);
    const here = toPointer(path);
    for (const at of schemas) {
      const node = this.node(at);
      const known = openEnumValues(node);
      if (known && !known.includes(value as string)) {
        const key = `enum:${here}`;
        if (!this.seen.has(key) && (typeof value === 'string' || typeof value === 'number')) {
          this.seen.add(key);
          this.unknownEnumValues.push({ pointer: here, value: String(value), owner: at });
        }
      }
    }
    if (Array.isArray(value)) {
      for (const at of schemas) {
        if (this.node(at)?.items === undefined) continue;
        for (let i = 0; i < value.length; i++) this.walk(value[i], `${at}/items`, [...path, String(i)]);
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      let described = false;
      let owner: string | undefined;
      for (const at of schemas) {
        const node = this.node(at);
        if (!node) continue;
        // A closed schema makes an extra property a violation, which the validator reports.
        if (node.additionalProperties === false && node.properties && !Object.hasOwn(node.properties, key)) {
          described = true;
          continue;
        }
        const properties = node.properties as JsonObject | undefined;
        if (properties && typeof properties === 'object') {
          owner ??= at;
          if (Object.hasOwn(properties, key)) {
            described = true;
            this.walk(child, `${at}/properties/${escapePointer(key)}`, [...path, key]);
            continue;
          }
        }
        const patterns = node.patternProperties as JsonObject | undefined;
        const pattern = Object.keys(patterns ?? {}).find((p) => new RegExp(p, 'u').test(key));
        if (pattern !== undefined) {
          described = true;
          this.walk(child, `${at}/patternProperties/${escapePointer(pattern)}`, [...path, key]);
        } else if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
          described = true;
          if (typeof node.additionalProperties === 'object') {
            this.walk(child, `${at}/additionalProperties`, [...path, key]);
          }
        }
      }
      const where = toPointer([...path, key]);
      if (!described && owner && !this.seen.has(`prop:${where}`)) {
        this.seen.add(`prop:${where}`);
        this.unknownProperties.push({ pointer: where, owner });
      }
    }
  }
}
