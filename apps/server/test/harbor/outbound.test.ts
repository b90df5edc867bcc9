import { describe, expect, it } from 'vitest';

import { OutboundPolicy } from '../../src/harbor/outbound.ts';

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
});
