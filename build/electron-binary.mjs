// Finds Electron's binary, letting the electron package fetch it on first use
// where the download works. Returns { path } or { reason } in words for a person.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findElectron(cwd) {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  const path = probe.stdout.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  const output = `${probe.stderr ?? ''}${probe.error?.message ?? ''}`;
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo/.test(output)) {
    return { reason: 'its binary could not be downloaded: no route to the download server' };
  }
  if (/Cannot find module 'electron'/.test(output)) return { reason: 'the electron package is not installed' };
  const line = output.split('\n').find((text) => text.trim() && !/^\s+at /.test(text) && !/Downloading/.test(text));
  return { reason: line ? line.trim() : `the electron package did not give a binary path (exit ${probe.status})` };
}
