/**
 * For tests of what stands between a window and the host (Electron's IPC,
 * browser mode's bridge): host handlers that answer every contract method
 * with a fixed reply the contract accepts, each a vitest spy, so a test can
 * check what was called and with what. A method added to the contract is
 * added here once.
 */
import { vi } from 'vitest';
import { defaultSettings, type AppInfo, type DevicesView } from './contract';

const devicesView: DevicesView = {
  self: { publicKey: 'a'.repeat(64), name: 'Laptop' },
  networkId: '0123abcd',
  devices: [],
  lan: null,
  internet: false,
  invitations: [],
};

export function cannedHandlers(info: AppInfo) {
  return {
    appInfo: vi.fn(() => info),
    docSend: vi.fn(async () => ({ durable: true })),
    getSettings: vi.fn(() => defaultSettings()),
    setSettings: vi.fn(async () => defaultSettings()),
    devices: vi.fn(() => devicesView),
    createInvitation: vi.fn(() => ({ id: '0123456789abcdef', code: 'ABCDE', shortCode: null, qrDataUrl: 'data:image/svg+xml;base64,', expiresAt: '2026-01-01T00:10:00.000Z' })),
    joinWithInvitation: vi.fn(async () => ({ ok: false as const, reason: 'typo' as const, message: 'That code has a typo' })),
    renameDevice: vi.fn(() => devicesView),
    revokeDevice: vi.fn(() => devicesView),
    connectAddress: vi.fn(async () => ({ ok: false as const, message: 'Could not connect' })),
    setPresence: vi.fn(() => null),
    presence: vi.fn(() => ({ devices: [] })),
    openExternal: vi.fn(async () => ({ opened: true })),
    pendingDeepLink: vi.fn(() => null),
    pendingImportFile: vi.fn(() => null),
    pendingRestoreFile: vi.fn(() => null),
    linkPreview: vi.fn(async () => ({ ok: true as const, title: 'A page', description: '' })),
    storageHealth: vi.fn(() => ({ damage: null, writeProblem: null })),
  };
}
