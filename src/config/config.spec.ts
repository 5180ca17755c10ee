import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

describe('loadConfig: safe unless development is asked for', () => {
  it('without NODE_ENV: no error details, no introspection', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('production');
    expect(config.isDevelopment).toBe(false);
    expect(config.introspection).toBe(false);
  });

  it.each([[{ NODE_ENV: 'development' }], [{ RECTIFY_DEV: '1' }], [{ NODE_ENV: 'production', RECTIFY_DEV: 'true' }]])(
    '%j turns development on',
    (env) => {
      const config = loadConfig(env);
      expect(config.isDevelopment).toBe(true);
      expect(config.introspection).toBe(true);
    },
  );

  it('RECTIFY_DEV=0 wins over NODE_ENV=development; introspection may still be asked for alone', () => {
    expect(loadConfig({ NODE_ENV: 'development', RECTIFY_DEV: '0' }).isDevelopment).toBe(false);
    const config = loadConfig({ RECTIFY_INTROSPECTION: 'true' });
    expect([config.isDevelopment, config.introspection]).toEqual([false, true]);
  });

  it('refuses a RECTIFY_DEV that is not a boolean', () => {
    expect(() => loadConfig({ RECTIFY_DEV: 'maybe' })).toThrow(/RECTIFY_DEV/);
  });
});
