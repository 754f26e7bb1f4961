/**
 * Checks of one field's text as the user types, with a message that says what is wrong and how to fix
 * it. Parsing is the engine's (the same functions the loader uses), so a value the inspector accepts is
 * one the lab file accepts. Problems that need the whole lab (overlaps, duplicate addresses) come from
 * the compiler and the linter, by path.
 */
import { canonical, formatCidr, parseCidr, parseIpv4, sameCidr } from '../../engine/addr/ipv4.ts';
import { ID_PATTERN, ifnameProblem } from '../../engine/lab/compile.ts';

export type Parsed =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

export type FieldKind =
  | 'text'
  | 'text-optional'
  | 'id'
  | 'ifname'
  | 'ipv4'
  | 'ipv4-optional'
  | 'address'
  | 'address-optional'
  | 'network'
  | 'network-optional'
  | 'ipv4-list'
  | 'vlan'
  | 'port-optional';

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (message: string): Parsed => ({ ok: false, message });

function ipv4(text: string): Parsed {
  const r = parseIpv4(text);
  return r.ok
    ? ok(text)
    : bad(
        `“${text}” is not an IPv4 address — write four numbers 0–255 separated by dots, e.g. 192.168.149.2`,
      );
}

function address(text: string): Parsed {
  if (!text.includes('/'))
    return parseIpv4(text).ok
      ? bad(`Add the prefix length: ${text}/24 (the address with its network mask)`)
      : bad(`“${text}” is not an address with a prefix length, e.g. 192.168.149.50/24`);
  const r = parseCidr(text);
  return r.ok ? ok(text) : bad(`“${text}” is not an address with a prefix length (a.b.c.d/0–32): ${r.error}`);
}

function network(text: string): Parsed {
  const r = parseCidr(text.includes('/') ? text : `${text}/`);
  if (!r.ok) return bad(`“${text}” is not a network — write it as a.b.c.d/len, e.g. 192.168.150.0/24`);
  const net = canonical(r.value);
  if (!sameCidr(r.value, net)) return bad(`“${text}” has host bits set — the network is ${formatCidr(net)}`);
  return ok(text);
}

/** Parses the text of a field; `''` is "not set" (`undefined`) for the optional kinds. */
export function parseField(kind: FieldKind, raw: string): Parsed {
  const text = raw.trim();
  switch (kind) {
    case 'text':
      return ok(raw);
    case 'text-optional':
      return raw === '' ? ok(undefined) : ok(raw);
    case 'id':
      return ID_PATTERN.test(text)
        ? ok(text)
        : bad('An id is 1–32 characters of letters, digits, _ . - and starts with a letter or digit');
    case 'ifname': {
      const p = ifnameProblem(text);
      return p ? bad(p.replace(/^interface name/, 'The interface name')) : ok(text);
    }
    case 'ipv4':
      return ipv4(text);
    case 'ipv4-optional':
      return text === '' ? ok(undefined) : ipv4(text);
    case 'address':
      return address(text);
    case 'address-optional':
      return text === '' ? ok(undefined) : address(text);
    case 'network':
      return network(text);
    case 'network-optional':
      return text === '' ? ok(undefined) : network(text);
    case 'ipv4-list': {
      if (text === '') return ok(undefined);
      const parts = text.split(/[\s,]+/).filter(Boolean);
      for (const p of parts) {
        const r = ipv4(p);
        if (!r.ok) return r;
      }
      return ok(parts);
    }
    case 'vlan': {
      if (text === '') return ok(undefined);
      const n = Number(text);
      return /^\d+$/.test(text) && n <= 4094 ? ok(n) : bad('A VLAN ID is a whole number 0–4094 (0: no VLAN)');
    }
    case 'port-optional': {
      if (text === '') return ok(undefined);
      const n = Number(text);
      return /^\d+$/.test(text) && n >= 1 && n <= 65535 ? ok(n) : bad('A port is a whole number 1–65535');
    }
  }
}

/** The text a field shows for a document value. */
export function formatField(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'ipv4-list' && Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number);
}
