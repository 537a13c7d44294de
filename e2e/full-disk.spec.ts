import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { addPerson, countText, expect, expectSaved, openApp, startHost, stopHost, test, type RunningHost } from './kith';

/** A data folder on a 4 MB tmpfs of its own, so the disk can really fill up (mounting needs root). */
async function smallDisk(): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
}

/** Fills the disk until it refuses more. */
async function fill(path: string): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 1);
  for (;;) {
    try {
      await appendFile(path, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw error;
    }
  }
}

test('a full disk: the edit is not called saved, the window says what to do, and it is written once there is room', async () => {
  test.setTimeout(120_000);
  const disk = await smallDisk();
  test.skip(disk === null, 'mounting a small tmpfs needs root');
  const dataDir = disk!;
  // The browser profile lives beside the small disk, not on it.
  const profile = await mkdtemp(join(tmpdir(), 'kith-profile-'));
  const relativeProfile = join('..', basename(profile));
  let host: RunningHost | null = null;
  try {
    host = await startHost(dataDir);
    let { context, page } = await openApp(dataDir, host.url, relativeProfile);
    await addPerson(page, { name: 'Written', org: 'Disk' });
    await expectSaved(page);

    await fill(join(dataDir, 'filler'));
    // The log's last page may have room for a few more records: add people until a write needs a new one.
    const saveState = page.getByTestId('save-state');
    let added = 1;
    while ((await saveState.textContent()) !== 'Not saved' && added < 60) {
      await addPerson(page, { name: `Waiting for room ${++added}`, org: 'Disk' });
      await expect(saveState).not.toHaveText('Saving…');
    }
    const problem = page.getByTestId('storage-write-problem');
    await expect(problem).toContainText(`Kith cannot write to ${dataDir} (the disk is full)`);
    await expect(problem).toContainText('Free some space on that disk and keep Kith open');
    await expect(page.getByTestId('save-state')).toHaveText('Not saved');
    await page.screenshot({ path: test.info().outputPath('full-disk.png') });

    await rm(join(dataDir, 'filler'));
    await expectSaved(page);
    await expect(problem).toBeHidden();
    await context.close();
    await stopHost(host);

    // The host's log has everyone: a window with an empty profile of its own gets them from it.
    host = await startHost(dataDir);
    ({ context, page } = await openApp(dataDir, host.url, join('..', `${basename(profile)}-fresh`)));
    await expect(page.getByTestId('people-count')).toHaveText(countText(added));
    await context.close();
    await stopHost(host);
  } finally {
    if (host) await stopHost(host);
    execFileSync('umount', [dataDir], { stdio: 'ignore' });
    await rm(dataDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
    await rm(`${profile}-fresh`, { recursive: true, force: true });
  }
});
