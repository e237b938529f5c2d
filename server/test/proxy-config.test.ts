import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

/** TRUST_PROXY and INSTANCE_ID (docs/deployment.md); behaviour through nginx: e2e/multi-server.test.ts. */
describe('TRUST_PROXY and INSTANCE_ID', () => {
  it('trusts no proxy and sends no instance header by default', () => {
    const c = loadConfig({});
    expect(c.trustProxy).toBe(false);
    expect(c.instanceId).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '', INSTANCE_ID: '' })).toMatchObject({
      trustProxy: false,
      instanceId: null,
    });
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('takes proxy addresses, CIDRs and the proxy-addr names', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 10.0.0.0/24 ,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.0.0.0/24',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(loadConfig({ INSTANCE_ID: 'app-1.web' }).instanceId).toBe('app-1.web');
  });

  it('refuses "trust everyone", hop counts and malformed entries with the variable named', () => {
    for (const bad of ['true', '1', '2', '10.0.0.0/33', '10.0.0.1/8/1', 'nginx.local', '*']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ INSTANCE_ID: 'app 1' })).toThrow(/INSTANCE_ID/);
    expect(() => loadConfig({ INSTANCE_ID: 'x'.repeat(65) })).toThrow(/INSTANCE_ID/);
  });
});
