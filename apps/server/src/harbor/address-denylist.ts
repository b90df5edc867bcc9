// Addresses the server never connects to, whatever the allowlist says: link-local ranges and the
// cloud metadata services (which hand out the machine's credentials), in every IPv6 spelling that
// reaches them (IPv4-mapped, -compatible, NAT64, 6to4). Matched on parsed addresses, not strings.
import { BlockList } from 'node:net';

import ipaddr from 'ipaddr.js';

/** Host names of metadata services (resolved names are also checked by address at connect). */
export const METADATA_HOST_NAMES: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
]);

const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');

const metadata = new BlockList();
for (const address of [
  '169.254.169.254', // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean…
  '169.254.170.2', // AWS ECS task credentials
  '169.254.169.253', // AWS DNS / time
  '168.63.129.16', // Azure wire server
  '192.0.0.192', // Oracle Cloud
  '100.100.100.200', // Alibaba Cloud
]) {
  metadata.addAddress(address, 'ipv4');
}
metadata.addAddress('fd00:ec2::254', 'ipv6'); // AWS IMDS over IPv6

function ipv4Reason(address: string): string | null {
  if (metadata.check(address, 'ipv4')) return 'a cloud metadata address';
  if (linkLocal.check(address, 'ipv4')) return 'a link-local address';
  return null;
}

function v4(bytes: number[], at: readonly number[]): string {
  return at.map((i) => bytes[i] ?? 0).join('.');
}

/** Every IPv4 address an IPv6 address can carry to a translator or a dual stack. */
function embeddedIpv4(bytes: number[]): string[] {
  const zeroUpTo = (n: number) => bytes.slice(0, n).every((b) => b === 0);
  const last = [12, 13, 14, 15];
  const found: string[] = [];
  // ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (SIIT).
  if (zeroUpTo(12)) found.push(v4(bytes, last));
  if (zeroUpTo(10) && bytes[10] === 255 && bytes[11] === 255) found.push(v4(bytes, last));
  if (zeroUpTo(8) && bytes[8] === 255 && bytes[9] === 255 && bytes[10] === 0 && bytes[11] === 0)
    found.push(v4(bytes, last));
  const [b0, b1, b2, b3, b4, b5] = bytes;
  // 64:ff9b::/96, the well-known NAT64 prefix.
  if (b0 === 0 && b1 === 0x64 && b2 === 0xff && b3 === 0x9b && bytes.slice(4, 12).every((b) => b === 0))
    found.push(v4(bytes, last));
  // 64:ff9b:1::/48, local-use NAT64: the IPv4 sits where the operator's prefix length puts it
  // (RFC 6052 §2.2), so every layout is checked.
  if (b0 === 0 && b1 === 0x64 && b2 === 0xff && b3 === 0x9b && b4 === 0 && b5 === 1) {
    found.push(v4(bytes, [6, 7, 9, 10]), v4(bytes, [7, 9, 10, 11]), v4(bytes, [9, 10, 11, 12]));
    found.push(v4(bytes, last));
  }
  // 2002:a.b.c.d::/48, 6to4.
  if (b0 === 0x20 && b1 === 0x02) found.push(v4(bytes, [2, 3, 4, 5]));
  return found;
}

/**
 * Why the server must not connect to this IP address, or null when it may. Anything that is not
 * an IP address (a host name) is null here: names are checked where they resolve.
 */
export function blockedAddressReason(raw: string): string | null {
  const address = raw.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return ipv4Reason(parsed.toString());
  const bare = address.replace(/%.*$/, '');
  if (metadata.check(bare, 'ipv6')) return 'a cloud metadata address';
  if (linkLocal.check(bare, 'ipv6')) return 'a link-local address';
  for (const inner of embeddedIpv4(parsed.toByteArray())) {
    const reason = ipv4Reason(inner);
    if (reason !== null) return `${reason} (${inner}) in IPv6 form`;
  }
  return null;
}
