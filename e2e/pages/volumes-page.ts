/**
 * A pool's page: the volumes table, each row's actions menu, the action dialogs and the
 * upload input. Rows are found by their exact volume name (data-volume-name, CSS-escaped):
 * names here are hostile on purpose, which an accessible-name match would blur.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { uiPaths, volumeRow } from '../support/ui.js';

export type VolumeAction = 'clone' | 'resize' | 'upload' | 'wipe' | 'delete' | 'download';

/** The menu items' visible labels (VolumeActionsMenu.tsx). */
const ACTION_LABELS: Record<VolumeAction, string> = {
  clone: 'Clone…',
  resize: 'Resize…',
  upload: 'Upload into…',
  wipe: 'Wipe…',
  delete: 'Delete…',
  download: 'Download',
};

export interface CloneTarget {
  name: string;
  pool?: string;
  format?: 'raw' | 'qcow2';
}

export class VolumesPage {
  constructor(readonly page: Page) {}

  /** Opens the pool's page and waits until its socket is live (changes will show). */
  async goto(pool: string, hostId = SANDBOX_HOST_ID): Promise<void> {
    await this.page.goto(uiPaths.pool(hostId, pool));
    // Generous: on a loaded machine the socket may take more than the default 5 s.
    await expect(this.liveStatus).toHaveText('live', { timeout: 15_000 });
  }

  get liveStatus(): Locator {
    return this.page.getByTestId('live-status');
  }

  row(volume: string): Locator {
    return volumeRow(this.page, volume);
  }

  /** Opens a row's actions menu and picks one item. */
  async action(volume: string, action: VolumeAction): Promise<void> {
    await this.row(volume)
      .getByRole('button', { name: /^Actions for / })
      .click();
    await this.page
      .getByRole('menu')
      .getByRole('menuitem', { name: ACTION_LABELS[action], exact: true })
      .click();
  }

  get dropzone(): Locator {
    return this.page.getByTestId('upload-dropzone');
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Confirms the open dialog and waits for it to close (the server answered). */
  async confirm(): Promise<void> {
    await this.dialog.getByTestId('dialog-confirm').click();
    // Generous: the server checks the request against the live host before it answers.
    await expect(this.dialog).toBeHidden({ timeout: 15_000 });
  }

  /** Opens the clone dialog of `volume` and fills it in, without confirming. */
  async fillClone(volume: string, target: CloneTarget): Promise<void> {
    await this.action(volume, 'clone');
    await this.dialog.getByLabel('Name').fill(target.name);
    if (target.pool) await this.dialog.getByLabel('Target pool').selectOption(target.pool);
    if (target.format) await this.dialog.getByLabel('Format').selectOption(target.format);
  }

  /** Clones `volume` (format and pool: the dialog's defaults unless given). */
  async clone(volume: string, target: CloneTarget): Promise<void> {
    await this.fillClone(volume, target);
    await this.confirm();
  }

  async delete(volume: string): Promise<void> {
    await this.action(volume, 'delete');
    await this.confirm();
  }

  async wipe(volume: string, algorithm: string): Promise<void> {
    await this.action(volume, 'wipe');
    await this.dialog.getByLabel('Algorithm').selectOption(algorithm);
    await this.dialog.getByLabel(/I understand/).check();
    await this.confirm();
  }

  /** The upload dialog a picked or dropped file opens (name and format of the new volume). */
  get uploadDialog(): Locator {
    return this.page.getByTestId('upload-new-dialog');
  }

  /** Picks a file in the drop zone's input (a path, or name + bytes): the dialog opens. */
  async pickUpload(file: Parameters<Locator['setInputFiles']>[0]): Promise<void> {
    await this.page.getByTestId('upload-file-input').setInputFiles(file);
    await expect(this.uploadDialog).toBeVisible();
  }

  /**
   * Uploads a NEW volume: picks the file and confirms the dialog, named after the file and
   * in the format its extension says unless `target` says otherwise.
   */
  async uploadNew(
    file: Parameters<Locator['setInputFiles']>[0],
    target: { name?: string; format?: 'raw' | 'qcow2' } = {},
  ): Promise<void> {
    await this.pickUpload(file);
    if (target.name !== undefined)
      await this.uploadDialog.getByLabel('Volume name').fill(target.name);
    if (target.format) await this.uploadDialog.getByLabel('Format').selectOption(target.format);
    await this.confirm();
  }
}
