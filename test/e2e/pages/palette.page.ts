import type { Locator, Page } from 'playwright-core';

/** Page object for the command palette, the keyboard shortcuts and the Help menu. */
export class PalettePage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Command palette' });
  }
  get input(): Locator {
    return this.dialog.getByRole('combobox');
  }
  async openWithKeys(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.input.waitFor();
  }
  async search(text: string): Promise<void> {
    await this.input.fill(text);
  }
  options(): Locator {
    return this.dialog.getByRole('option');
  }
  async optionKeys(): Promise<string[]> {
    return this.options().evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
  }
  async currentPanel(): Promise<string | null> {
    return this.page.locator('nav.sidebar [aria-current="page"]').getAttribute('data-panel');
  }
  async help(item: 'Keyboard shortcuts' | 'Berth’s logs' | 'About Berth' | 'Learn Docker concepts'): Promise<void> {
    await this.page.getByRole('button', { name: 'Help', exact: true }).click();
    await this.page.getByRole('menuitem', { name: new RegExp(`^${item}`) }).click();
  }
}
