import { describe, expect, it } from 'vitest';
import { contract, defaultSettings, settings, settingsPatch } from './contract';
import { firstIssue } from '../doc/errors';

const refusal = (schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(false);
  return firstIssue(result.error as Parameters<typeof firstIssue>[0]);
};

describe('the settings in the contract', () => {
  it('default to every reminder on, and each call gets its own copy', () => {
    expect(defaultSettings()).toEqual({ reminders: { commitments: true, requests: true, hellos: true } });
    expect(settings.parse(defaultSettings())).toEqual(defaultSettings());
    const mine = defaultSettings();
    mine.reminders.hellos = false;
    expect(defaultSettings().reminders.hellos).toBe(true);
  });

  it('accept a patch naming only what changes, including nothing', () => {
    for (const patch of [{}, { reminders: {} }, { reminders: { hellos: false } }, { reminders: { commitments: true, requests: false } }]) {
      expect(settingsPatch.parse(patch)).toEqual(patch);
    }
  });

  it('refuse a patch they do not understand, saying why', () => {
    expect(refusal(settingsPatch, null)).toMatch(/must be an object/);
    expect(refusal(settingsPatch, 'hellos=false')).toMatch(/must be an object/);
    expect(refusal(settingsPatch, { sync: { lan: true } })).toBe('Unknown settings section: sync');
    expect(refusal(settingsPatch, { reminders: 'off' })).toBe('Settings "reminders" must be an object of switches');
    expect(refusal(settingsPatch, { reminders: { sms: true } })).toBe('Unknown setting: reminders.sms');
    expect(refusal(settingsPatch, { reminders: { hellos: 'no' } })).toBe('The hello-queue reminder is on or off (true or false)');
    expect(refusal(settingsPatch, { reminders: { requests: 1 } })).toMatch(/requests reminder is on or off/);
  });

  it('pass whole settings only, and drop keys they do not know', () => {
    refusal(settings, { reminders: { commitments: true } });
    expect(settings.parse({ ...defaultSettings(), later: 1 })).toEqual(defaultSettings());
  });
});

describe('the reminder events in the contract', () => {
  const payload = { key: 'request:1:red', kind: 'request', title: 'Ada has waited', body: 'Reference', personIds: ['person:a'] };

  it('carry a reminder and refuse a malformed one', () => {
    const schema = contract.events.reminder.payload;
    expect(schema.parse(payload)).toEqual(payload);
    for (const bad of [
      { ...payload, key: '' },
      { ...payload, kind: 'birthday' },
      { ...payload, personIds: 'person:a' },
      { key: 'k', kind: 'request', title: 't' },
    ]) {
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('name the person to open', () => {
    const schema = contract.events.openPerson.payload;
    expect(schema.parse({ personId: 'person:a' })).toEqual({ personId: 'person:a' });
    expect(schema.safeParse({ personId: '' }).success).toBe(false);
    expect(schema.safeParse('person:a').success).toBe(false);
  });

  it('send whole settings when they change', () => {
    expect(contract.events.settingsChanged.payload.parse(defaultSettings())).toEqual(defaultSettings());
  });
});
