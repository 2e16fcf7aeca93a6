// CIDR blocks beyond their syntax: a real IPv4 or IPv6 address, a prefix in range, no host bits.

/** The value of an IPv4 or IPv6 address, or undefined when it is not one. */
function parseAddress(address: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.split('::').length > 2) return undefined;
  const [head = '', tail = ''] = address.split('::');
  const compressed = address.includes('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = compressed && tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if ((compressed && missing < 1) || (!compressed && missing !== 0)) return undefined;
  const groups = [...headParts, ...Array<string>(compressed ? missing : 0).fill('0'), ...tailParts];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n) };
}

/** Checks a CIDR beyond its syntax: a real address, a prefix in range, no host bits set. */
export function cidrProblem(cidr: string): string | undefined {
  const [address = '', prefixText = '', ...rest] = cidr.split('/');
  const parsed = parseAddress(address);
  if (rest.length > 0 || !parsed || !/^\d+$/.test(prefixText)) return 'is not a valid CIDR block';
  const prefix = Number(prefixText);
  const bits = parsed.family === 4 ? 32 : 128;
  if (prefix > bits) return `has a prefix longer than ${bits}`;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((parsed.value & hostMask) !== 0n) return `has host bits set beyond the /${prefix} prefix`;
  return undefined;
}
