import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address a rate limit or a sign-in lock-out counts a client under: its IP address as
 * Express sees it (`req.ip`, which follows X-Forwarded-For only from the proxies TRUST_PROXY
 * names), an IPv4-mapped IPv6 address as the IPv4 address, and any other IPv6 address as its
 * /64: one subscriber gets a whole /64, so counting single IPv6 addresses would let a client
 * step around every limit by changing the last 64 bits.
 */
export function clientAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = MAPPED_IPV4.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  const bare = ip.replace(/%.*$/, ''); // a link-local zone (fe80::1%eth0)
  if (!isIPv6(bare) || bare === '::1') return ip;
  const hextets = expand(bare);
  return `${hextets.slice(0, 4).map((h) => parseInt(h, 16).toString(16)).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address (an embedded IPv4 tail counts as two). */
function expand(ip: string): string[] {
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head = '', tail] = ip.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
}
