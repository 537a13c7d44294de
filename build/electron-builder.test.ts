/**
 * The packaging config, checked where electron-builder cannot run (it needs
 * Electron's download): valid against electron-builder's own schema, with
 * the targets, ids and unpacked native modules Kith needs, and every file it
 * names present.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { CONTACTS_EXTENSIONS, OPENED_FILE_EXTENSIONS } from '../electron/host/opened-files';
import { BACKUP_EXTENSION } from '../shared/interop/backup';

const root = resolve(__dirname, '..');
const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
/** The parts of the config this test reads; the schema checks the whole. */
interface BuilderConfig {
  appId: string;
  asar: boolean;
  asarUnpack: string[];
  protocols: { name: string; schemes: string[] }[];
  fileAssociations: { ext: string | string[]; name: string; mimeType: string; rank: string }[];
  directories: { buildResources: string };
  linux: { target: string[]; icon: string };
  mac: { target: string };
  win: { target: string };
}
const config = yaml.load(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('build/electron-builder.yml', () => {
  it('is valid for electron-builder, which refuses a key it does not know', () => {
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('builds AppImage and deb, dmg and nsis installers of app.kith.desktop, registered for kith:// links', () => {
    expect(config.appId).toBe('app.kith.desktop');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.protocols).toEqual([{ name: 'Kith link', schemes: ['kith'] }]);
  });

  it('associates exactly the files that opening Kith with imports (vCards) or restores (Kith backups)', () => {
    expect(config.fileAssociations.flatMap((association) => association.ext)).toEqual([...OPENED_FILE_EXTENSIONS]);
    expect(config.fileAssociations[0]?.ext).toEqual([...CONTACTS_EXTENSIONS]);
    expect(config.fileAssociations[0]?.mimeType).toBe('text/vcard');
    // The backup is Kith's own format, saved under the extension the export writes.
    const backup = config.fileAssociations[1];
    expect(backup).toMatchObject({ ext: BACKUP_EXTENSION, name: 'Kith backup', mimeType: 'application/x-kith-backup', rank: 'Owner' });
    // electron-builder refuses a key an association does not have, as it does at the top level.
    expect(validate({ ...config, fileAssociations: [{ ...backup, mimeTypes: [backup?.mimeType] }] })).toBe(false);
  });

  it('keeps the native addons of device sync outside the asar', () => {
    expect(config.asar).toBe(true);
    for (const addon of ['sodium-native', 'udx-native']) expect(config.asarUnpack).toContain(`**/node_modules/${addon}/**`);
  });

  it('names only files that exist', () => {
    expect(existsSync(join(root, config.directories.buildResources))).toBe(true);
    expect(existsSync(join(root, config.linux.icon))).toBe(true);
    // The bundles it packs are what build.mjs writes.
    const build = readFileSync(join(root, 'build/build.mjs'), 'utf8');
    for (const output of ['dist/electron/main.cjs', 'dist/electron/preload.cjs']) expect(build).toContain(output);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main).toBe('dist/electron/main.cjs');
  });
});
