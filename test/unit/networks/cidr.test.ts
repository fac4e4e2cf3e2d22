import { describe, expect, it } from 'vitest';
import {
  NetworkCreateInput,
  addressIssues,
  cidrContains,
  formatIP,
  parseCidr,
  parseIP,
  parseIPv4,
  parseIPv6,
} from '../../../preload/contract/networks.contract';

describe('addresses', () => {
  it('parses IPv4 dotted quads strictly', () => {
    expect(parseIPv4('10.213.0.1')).toBe(((10 * 256 + 213) * 256 + 0) * 256 + 1);
    expect(parseIPv4('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const bad of ['10.0.0', '10.0.0.256', '01.2.3.4', '1.2.3.4.5', '1..2.3', ' 1.2.3.4', 'a.b.c.d', ''])
      expect(parseIPv4(bad), bad).toBeUndefined();
  });

  it('parses IPv6 with :: and an IPv4 tail', () => {
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('::1')).toBe(1n);
    expect(parseIPv6('fd00::1')).toBe((0xfd00n << 112n) | 1n);
    expect(parseIPv6('::ffff:10.0.0.1')).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toBeDefined();
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '12345::', '1:2:3:4:5:6:7', ':::'])
      expect(parseIPv6(bad), bad).toBeUndefined();
  });

  it('formats addresses back (RFC 5952 for IPv6)', () => {
    expect(formatIP(4, BigInt(parseIPv4('192.168.1.20') ?? 0))).toBe('192.168.1.20');
    expect(formatIP(6, parseIPv6('fd00:0:0:0:0:0:0:1') ?? 0n)).toBe('fd00::1');
    expect(formatIP(6, parseIPv6('1:0:0:2:0:0:0:3') ?? 0n)).toBe('1:0:0:2::3');
    expect(formatIP(6, 0n)).toBe('::');
  });

  it('parses CIDR blocks and tests membership', () => {
    const c = parseCidr('10.213.4.0/24');
    expect(c).toMatchObject({ family: 4, prefix: 24 });
    expect(cidrContains(c!, parseIP('10.213.4.77')!)).toBe(true);
    expect(cidrContains(c!, parseIP('10.213.5.1')!)).toBe(false);
    expect(cidrContains(c!, parseIP('fd00::1')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    expect(parseCidr('fd00::/129')).toBeUndefined();
    expect(parseCidr('fd00::/64')).toMatchObject({ family: 6, prefix: 64 });
  });
});

describe('address settings of a new network', () => {
  const codes = (i: Parameters<typeof addressIssues>[0]) => addressIssues(i).map((x) => `${x.field}:${x.code}`);
  it('accepts a consistent set', () => {
    expect(codes({ subnet: '10.213.1.0/24', gateway: '10.213.1.1', ipRange: '10.213.1.128/25' })).toEqual([]);
    expect(codes({})).toEqual([]);
    expect(codes({ ipv6Subnet: 'fd00:213::/64' })).toEqual([]);
  });
  it('says what is wrong, field by field, with a suggestion for host bits', () => {
    expect(codes({ subnet: '10.213.1.7/24' })).toEqual(['subnet:host_bits']);
    expect(addressIssues({ subnet: '10.213.1.7/24' })[0]?.suggestion).toBe('10.213.1.0/24');
    expect(codes({ subnet: 'fd00::/64' })).toEqual(['subnet:wrong_family']);
    expect(codes({ subnet: '10.0.0.0/31' })).toEqual(['subnet:invalid_cidr']);
    expect(codes({ subnet: 'nope' })).toEqual(['subnet:invalid_cidr']);
    expect(codes({ subnet: '10.213.1.0/24', gateway: '10.213.2.1' })).toEqual(['gateway:outside_subnet']);
    expect(codes({ subnet: '10.213.1.0/24', gateway: '10.213.1.255' })).toEqual(['gateway:reserved_address']);
    expect(codes({ subnet: '10.213.1.0/24', gateway: 'fd00::1' })).toEqual(['gateway:invalid_ip']);
    expect(codes({ gateway: '10.213.1.1' })).toEqual(['gateway:needs_subnet']);
    expect(codes({ subnet: '10.213.1.0/24', ipRange: '10.213.0.0/23' })).toEqual(['ipRange:outside_subnet']);
    expect(codes({ subnet: '10.213.1.0/24', ipRange: '10.213.1.5/25' })).toEqual(['ipRange:host_bits']);
    expect(codes({ ipRange: '10.213.1.0/25' })).toEqual(['ipRange:needs_subnet']);
    expect(codes({ ipv6Subnet: '10.0.0.0/8' })).toEqual(['ipv6Subnet:wrong_family']);
    // A gateway is checked against the block even when the block has host bits set.
    expect(codes({ subnet: '10.213.7.5/24', gateway: '10.213.8.1' })).toEqual([
      'subnet:host_bits',
      'gateway:outside_subnet',
    ]);
  });
  it('is what the contract enforces', () => {
    const r = NetworkCreateInput.safeParse({ name: 'n1', subnet: '10.213.1.0/24', gateway: '10.213.9.1' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['gateway']);
    expect(NetworkCreateInput.safeParse({ name: 'n1', ipv6Subnet: 'fd00::/64' }).success).toBe(false);
    expect(NetworkCreateInput.safeParse({ name: 'n1', ipv6: true, ipv6Subnet: 'fd00::/64' }).success).toBe(true);
    expect(NetworkCreateInput.parse({ name: 'n1' })).toMatchObject({ driver: 'bridge', internal: false, labels: {} });
  });
});
