import { describe, expect, it } from 'vitest';
import { contract, defaultSettings, isExternalUrl, settings, settingsPatch } from './contract';
import { firstIssue } from '../doc/errors';
import { MAX_IMPORT_BYTES } from '../interop/errors';

const refusal = (schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(false);
  return firstIssue(result.error as Parameters<typeof firstIssue>[0]);
};

describe('the settings in the contract', () => {
  it('default to every reminder on, and each call gets its own copy', () => {
    expect(defaultSettings()).toEqual({
      reminders: { commitments: true, requests: true, hellos: true },
      sync: { lan: true, internet: true, port: 0 },
      links: { previews: true },
      desktop: { openAtLogin: false },
    });
    expect(settings.parse(defaultSettings())).toEqual(defaultSettings());
    const mine = defaultSettings();
    mine.reminders.hellos = false;
    expect(defaultSettings().reminders.hellos).toBe(true);
  });

  it('accept a patch naming only what changes, including nothing', () => {
    for (const patch of [
      {},
      { reminders: {} },
      { reminders: { hellos: false } },
      { reminders: { commitments: true, requests: false } },
      { sync: { internet: false } },
      { sync: { lan: true, port: 47000 } },
    ]) {
      expect(settingsPatch.parse(patch)).toEqual(patch);
    }
  });

  it('refuse a patch they do not understand, saying why', () => {
    expect(refusal(settingsPatch, null)).toMatch(/must be an object/);
    expect(refusal(settingsPatch, 'hellos=false')).toMatch(/must be an object/);
    expect(refusal(settingsPatch, { later: { lan: true } })).toBe('Unknown settings section: later');
    expect(refusal(settingsPatch, { sync: { lan: 'on' } })).toBe('LAN sync is on or off (true or false)');
    expect(refusal(settingsPatch, { sync: { port: 65536 } })).toMatch(/from 0 \(Kith chooses\) to 65535/);
    expect(refusal(settingsPatch, { sync: { port: 1.5 } })).toMatch(/whole number/);
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

  it('name the menu command to run, and nothing else', () => {
    const schema = contract.events.menuCommand.payload;
    for (const command of ['undo', 'redo', 'logCall', 'passItOn']) expect(schema.parse(command)).toBe(command);
    expect(schema.safeParse('eval').success).toBe(false);
    expect(schema.safeParse({ command: 'undo' }).success).toBe(false);
  });

  it('carry a file to import, or none (File ▸ Import), and refuse what is no file', () => {
    const schema = contract.events.importRequested.payload;
    expect(schema.parse(null)).toBeNull();
    const file = { fileName: 'Friends.vcf', bytes: new TextEncoder().encode('BEGIN:VCARD') };
    expect(schema.parse(file)).toEqual(file);
    expect(schema.safeParse({ fileName: '', bytes: file.bytes }).success).toBe(false);
    expect(schema.safeParse({ fileName: 'a.vcf', bytes: 'BEGIN:VCARD' }).success).toBe(false);
    expect(contract.methods.pendingImportFile.result.parse(null)).toBeNull();
  });

  it('carry a backup to restore, never none, and refuse what is no file or too large', () => {
    const schema = contract.events.restoreRequested.payload;
    const file = { fileName: 'kith-backup-2026-12-03.kithbackup', bytes: new TextEncoder().encode('{"format":"kith-backup"}') };
    expect(schema.parse(file)).toEqual(file);
    expect(schema.safeParse(null).success).toBe(false);
    expect(schema.safeParse({ fileName: '', bytes: file.bytes }).success).toBe(false);
    expect(schema.safeParse({ fileName: 'a.kithbackup', bytes: '{}' }).success).toBe(false);
    const tooLarge = schema.safeParse({ fileName: 'a.kithbackup', bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) });
    expect(tooLarge.error?.issues[0]?.message).toBe('That backup is too large to restore');
    expect(contract.methods.pendingRestoreFile.result.parse(null)).toBeNull();
    expect(contract.methods.pendingRestoreFile.result.parse(file)).toEqual(file);
    expect(contract.methods.pendingRestoreFile.args.safeParse(['x']).success).toBe(false);
  });

  it('send whole settings when they change', () => {
    expect(contract.events.settingsChanged.payload.parse(defaultSettings())).toEqual(defaultSettings());
  });
});

describe('the devices entries in the contract', () => {
  const key = 'ab'.repeat(32);
  const args = (method: keyof typeof contract.methods, value: unknown[]) => contract.methods[method].args.safeParse(value);

  it('take device keys as 64 lowercase hex characters and names of 1 to 100 characters', () => {
    expect(args('renameDevice', [key, ' Laptop ']).data).toEqual([key, 'Laptop']);
    expect(args('revokeDevice', [key]).success).toBe(true);
    for (const bad of [[key.toUpperCase(), 'x'], [key.slice(2), 'x'], [key, ''], [key, 'x'.repeat(101)], [key, 3], [key]]) {
      expect(args('renameDevice', bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(args('revokeDevice', ['nope']).success).toBe(false);
  });

  it('take an address as host:port', () => {
    for (const good of ['192.168.1.20:47000', 'laptop.local:1', ' 127.0.0.1:65535 ']) {
      expect(args('connectAddress', [good]).success, good).toBe(true);
    }
    for (const bad of ['192.168.1.20', '192.168.1.20:0', 'host:70000', 'a b:1', 'http://x:1', '']) {
      expect(args('connectAddress', [bad]).success, bad).toBe(false);
    }
  });

  it('take an invitation code as text of a sane length', () => {
    expect(args('joinWithInvitation', ['ABCDE-12345']).success).toBe(true);
    expect(args('joinWithInvitation', ['x'.repeat(401)]).success).toBe(false);
    expect(args('joinWithInvitation', [42]).success).toBe(false);
  });

  it('read the title of web pages only', () => {
    for (const good of ['https://example.com/a?b=1', 'http://127.0.0.1:8080/x', '  https://example.com/  ']) {
      expect(args('linkPreview', [good]).success, good).toBe(true);
    }
    for (const bad of ['mailto:ada@example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/x', 'example.com', '', 42,
      `https://example.com/${'x'.repeat(2000)}`]) {
      expect(args('linkPreview', [bad]).success, String(bad)).toBe(false);
    }
    expect(refusal(contract.methods.linkPreview.args, ['file:///etc/passwd'])).toBe('Kith reads only web pages (https://, http://)');
  });

  it('open only web pages and email addresses', () => {
    for (const good of ['https://example.com/profile', 'http://localhost:8080/x?y=1', 'mailto:ada@example.com', 'HTTPS://EXAMPLE.COM']) {
      expect(args('openExternal', [good]).success, good).toBe(true);
      expect(isExternalUrl(good), good).toBe(true);
    }
    const bad = ['javascript:alert(1)', 'JavaScript:alert(1)', 'file:///etc/passwd', 'smb://server/share', 'data:text/html,<b>x</b>',
      'kith://app/index.html', 'vbscript:x', 'mailto:', 'https://', 'example.com', '', `https://example.com/${'x'.repeat(4000)}`];
    for (const url of bad) {
      expect(args('openExternal', [url]).success, url).toBe(false);
      expect(isExternalUrl(url), url).toBe(false);
    }
    expect(refusal(contract.methods.openExternal.args, ['javascript:alert(1)'])).toBe('Kith opens only web pages (https://, http://) and email addresses (mailto:)');
    expect(args('openExternal', [42]).success).toBe(false);
  });

  it('describe a join that failed with a reason and a sentence', () => {
    const schema = contract.methods.joinWithInvitation.result;
    expect(schema.safeParse({ ok: false, reason: 'expired', message: 'make a new one' }).success).toBe(true);
    expect(schema.safeParse({ ok: false, reason: 'bored', message: 'x' }).success).toBe(false);
  });
});
