import { describe, expect, it } from 'vitest';

import { ApiFailure } from '../../src/errors.ts';
import { blockedAddressReason } from '../../src/harbor/address-denylist.ts';
import { OutboundPolicy, assertEndpointUrlAllowed } from '../../src/harbor/outbound.ts';
import { checkDns, checkTcp, checkTls, diagnosisTarget } from '../../src/wizard/diagnosis.ts';

describe('OutboundPolicy', () => {
  it('always refuses cloud metadata services', () => {
    const policy = new OutboundPolicy([]);
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/computeMetadata',
      'http://METADATA.GOOGLE.INTERNAL./',
      'http://[::ffff:169.254.169.254]/',
    ]) {
      expect(policy.check(url).ok, url).toBe(false);
      expect(policy.isMetadata(url), url).toBe(true);
    }
    expect(policy.check('https://harbor.example.com').ok).toBe(true);
    expect(policy.check('ftp://harbor.example.com').ok).toBe(false);
  });

  it('limits Harbors to the allowlist prefixes, on path boundaries', () => {
    const policy = new OutboundPolicy(['https://harbor.example.com', 'https://gw.example.com/harbor-b/']);
    expect(policy.check('https://harbor.example.com').ok).toBe(true);
    expect(policy.check('https://HARBOR.example.com/').ok).toBe(true);
    expect(policy.check('https://gw.example.com/harbor-b').ok).toBe(true);
    expect(policy.check('https://harbor.example.com.evil.io').ok).toBe(false);
    expect(policy.check('https://gw.example.com/harbor-bad').ok).toBe(false);
    expect(policy.check('http://harbor.example.com').ok).toBe(false);
    policy.allowOrigin('http://127.0.0.1:4000');
    expect(policy.check('http://127.0.0.1:4000').ok).toBe(true);
  });

  it('refuses names that resolve to a metadata address', async () => {
    const policy = new OutboundPolicy([]);
    expect((await policy.checkResolved('http://localhost:1234')).ok).toBe(true);
    expect((await policy.checkResolved('http://169.254.169.254')).ok).toBe(false);
  });

  it('refuses every link-local and cloud metadata address, in every IPv4 and IPv6 spelling', () => {
    const policy = new OutboundPolicy([]);
    for (const host of [
      '169.254.170.2', // AWS ECS task credentials
      '168.63.129.16', // Azure wire server
      '192.0.0.192', // Oracle Cloud
      '169.254.169.253',
      '169.254.1.1', // any link-local IPv4
      '2852039166', // 169.254.169.254 as one number
      '0xa9.0xfe.0xa9.0xfe',
      '[64:ff9b::a9fe:a9fe]', // NAT64
      '[64:ff9b::169.254.170.2]',
      '[64:ff9b:1:a9fe:a9:fe00::]', // local-use NAT64, /48 layout
      '[::169.254.169.254]', // IPv4-compatible
      '[::ffff:168.63.129.16]', // IPv4-mapped
      '[::ffff:0:a9fe:a9fe]', // SIIT
      '[2002:a9fe:a9fe::]', // 6to4
      '[fe80::1]', // link-local IPv6
      '[febf:ffff::1]',
      '[fd00:ec2::254]',
    ]) {
      const url = `http://${host}/`;
      const check = policy.check(url);
      expect(check.ok, url).toBe(false);
      expect(check.ok ? '' : check.message, url).toMatch(/never connects there/);
    }
    for (const host of [
      '127.0.0.1',
      '[::1]',
      '10.1.2.3',
      '[2001:db8::1]',
      '[64:ff9b::a01:203]',
      '169.255.0.1',
    ]) {
      expect(policy.check(`http://${host}/`).ok, host).toBe(true);
    }
    expect(blockedAddressReason('harbor.example.com')).toBeNull();
  });

  it('refuses an endpoint URL whose name resolves to a denied address, and one outside the allowlist', async () => {
    const resolve = (name: string) =>
      Promise.resolve([{ address: name === 'imds.example.com' ? '169.254.169.254' : '10.0.0.7', family: 4 }]);
    const open = new OutboundPolicy([], { resolve });
    await expect(assertEndpointUrlAllowed(open, 'https://harbor.example.com')).resolves.toBeUndefined();
    const refused = await assertEndpointUrlAllowed(open, 'http://imds.example.com').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiFailure);
    expect((refused as ApiFailure).status).toBe(400);
    expect((refused as ApiFailure).body.message).toMatch(
      /imds\.example\.com resolves to 169\.254\.169\.254, a cloud metadata address/,
    );

    const limited = new OutboundPolicy(['https://harbor-a.example.com'], { resolve });
    const outside = await assertEndpointUrlAllowed(limited, 'https://harbor-b.example.com').catch(
      (e: unknown) => e,
    );
    expect((outside as ApiFailure).status).toBe(400);
    expect((outside as ApiFailure).body.code).toBe('harbor-url-refused');
  });

  it('never lets the connection test probe a denied address, literal or resolved', async () => {
    for (const url of ['http://169.254.169.254/', 'https://[::ffff:a9fe:a9fe]/', 'http://[fe80::1]:8080/']) {
      const target = diagnosisTarget(url);
      const dns = await checkDns(target);
      expect(dns.status, url).toBe('fail');
      expect(dns.addresses).toEqual([]);
      const tcp = await checkTcp(target);
      expect(tcp.status, url).toBe('fail');
      expect(tcp.detail, url).toMatch(/does not connect there/);
      const tls = await checkTls(target, { verify: true });
      if (target.url.protocol === 'https:') expect(tls.detail, url).toMatch(/does not connect there/);
    }
  });
});
