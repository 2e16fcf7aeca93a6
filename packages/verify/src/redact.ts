// Keeps secrets out of everything the verifier prints or writes. Credentials (tokens, API tokens,
// the Authorization header) are masked always; what identifies a user's database (ids, host
// names, passwords, URLs, pre-signed ones included) is masked unless redaction is turned off.

/** A field whose value names something of the user's: masked in reports. */
const SENSITIVE_KEY: [RegExp, string][] = [
  [/token/i, '[token]'],
  [/password/i, '[password]'],
  [/(^|_)host(name)?$|(^|_)address$/i, '[host]'],
  [/(^|_)url$/i, '[url]'],
  [/(^|_)id$/i, '[id]'],
  [/^(app_name|resource_id|cidr)$/i, '[redacted]'],
];

const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>`)\]]+/gi;
const CREDENTIAL_PATTERN = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;

export class Redactor {
  private readonly credentials = new Set<string>();
  private readonly values = new Map<string, string>();

  /** @param redact mask ids, host names, passwords and URLs too (default true). */
  constructor(readonly redact = true) {}

  /** A credential: masked whatever `redact` says. */
  secret(value: string | undefined): void {
    if (value && value.length > 3) this.credentials.add(value);
  }

  /** A value that identifies the user's database, masked as `label`. */
  identifier(value: string | undefined, label = '[id]'): void {
    if (value && value.length > 3 && !this.values.has(value)) this.values.set(value, label);
  }

  /** Learns the sensitive values of a JSON answer or request body. */
  learn(value: unknown, key = '', depth = 0): void {
    if (depth > 32) return;
    if (typeof value === 'string') {
      const rule = SENSITIVE_KEY.find(([pattern]) => pattern.test(key));
      if (rule?.[1] === '[token]') this.secret(value);
      else if (rule) this.identifier(value, rule[1]);
      else if (/^https?:\/\//i.test(value)) this.identifier(value, '[url]');
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) this.learn(item, key, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        // Keys of maps may be ids too (metrics by instance id).
        if (/^(in|ad|db)-[\w-]{6,}$|^[0-9a-f]{24}$/i.test(k)) this.identifier(k);
        this.learn(v, k, depth + 1);
      }
    }
  }

  /** Learns from a body given as text (JSON or not). */
  learnText(text: string): void {
    try {
      this.learn(JSON.parse(text));
    } catch {
      // Not JSON: only the URL pattern applies to it.
    }
  }

  text(input: string): string {
    let out = input;
    for (const secret of [...this.credentials].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('[token]');
    }
    out = out.replace(CREDENTIAL_PATTERN, '$1 [token]');
    if (!this.redact) return out;
    for (const [value, label] of [...this.values].sort((a, b) => b[0].length - a[0].length)) {
      out = out.split(value).join(label);
    }
    return out.replace(URL_PATTERN, '[url]');
  }

  /** A deep copy with every string masked. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.text(input) as T;
    if (Array.isArray(input)) return input.map((item) => this.value(item)) as T;
    if (input && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [this.text(k), this.value(v)])) as T;
    }
    return input;
  }
}
