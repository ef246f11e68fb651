import { createHmac, randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { join } from "node:path";
import { readOrCreate } from "../util/state-file.js";

export type IpAnonymisation = "off" | "truncate" | "hash";
/** Turns a client address into what is stored; null stores no address. */
export type Anonymise = (ip: string) => string | null;

/** IPv4 to its /24 (`203.0.113.77` → `203.0.113.0`). */
function truncateV4(ip: string): string {
  return `${ip.split(".").slice(0, 3).join(".")}.0`;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part counts as two). */
function groupsV6(ip: string): number[] {
  const [head = "", tail] = ip.split("::");
  const parse = (part: string) =>
    part
      ? part.split(":").flatMap((g) => {
          if (!g.includes(".")) return [Number.parseInt(g, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = g.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

const V4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * IPv4 to /24, IPv6 to /48 (`2001:db8:abcd:12::1` → `2001:db8:abcd::`); an IPv4-mapped IPv6
 * address is truncated as IPv4. Anything that is not an address is not stored (null): it cannot be
 * shortened safely.
 */
export function truncateIp(ip: string): string | null {
  if (isIPv4(ip)) return truncateV4(ip);
  const mapped = V4_MAPPED.exec(ip);
  if (mapped?.[1] && isIPv4(mapped[1])) return `::ffff:${truncateV4(mapped[1])}`;
  if (!isIPv6(ip)) return null;
  // The first three groups, written with the trailing zero groups folded into `::`.
  const kept = groupsV6(ip.replace(/%.*$/, "")).slice(0, 3);
  while (kept.length && kept.at(-1) === 0) kept.pop();
  return `${kept.map((g) => g.toString(16)).join(":")}::`;
}

/** HMAC-SHA256 of the address under the secret key, hex: the same address gives the same value, unreadable without the key. */
export function hashIp(ip: string, key: string): string {
  return createHmac("sha256", key).update(ip).digest("hex");
}

export const IP_HASH_KEY_FILE = "ip-hash.key";

/**
 * The anonymiser for the setting, or null when addresses are stored as given. The hash key comes
 * from `ipHashKey` (ANALYTICS_IP_HASH_KEY) or is generated once into `<data directory>/ip-hash.key`
 * (mode 0600): losing it means new hashes no longer match old ones.
 */
export async function ipAnonymiser(config: {
  ipAnonymisation: IpAnonymisation;
  ipHashKey?: string | undefined;
  dataDirectory: string;
}): Promise<Anonymise | null> {
  if (config.ipAnonymisation === "off") return null;
  if (config.ipAnonymisation === "truncate") return truncateIp;
  const key =
    config.ipHashKey ??
    (await readOrCreate(join(config.dataDirectory, IP_HASH_KEY_FILE), () => randomBytes(32).toString("hex"))).value;
  return (ip) => hashIp(ip, key);
}
