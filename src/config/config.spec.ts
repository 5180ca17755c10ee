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

describe('loadConfig: notifications', () => {
  it('has quiet hours 22:00-07:00, the day at 08:00 and no gateway unless told', () => {
    const config = loadConfig({});
    expect(config.quietHours).toEqual({ fromMinute: 22 * 60, toMinute: 7 * 60 });
    expect(config.dailyNotifyMinute).toBe(8 * 60);
    expect([config.smsGatewayUrl, config.smsGatewaySecret, config.smsSign]).toEqual([null, null, '区整改办']);
    expect(loadConfig({ RECTIFY_NOTIFY_QUIET_HOURS: 'off' }).quietHours).toBeNull();
  });

  it.each([
    [{ RECTIFY_NOTIFY_QUIET_HOURS: '10pm-7am' }, /RECTIFY_NOTIFY_QUIET_HOURS/],
    [{ RECTIFY_NOTIFY_DAILY_AT: '8:00' }, /RECTIFY_NOTIFY_DAILY_AT/],
    [{ RECTIFY_SMS_GATEWAY_URL: 'ftp://sms.example.gov.cn' }, /RECTIFY_SMS_GATEWAY_URL/],
    [{ RECTIFY_SMS_GATEWAY_SECRET: 'hunter2' }, /RECTIFY_SMS_GATEWAY_SECRET/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
