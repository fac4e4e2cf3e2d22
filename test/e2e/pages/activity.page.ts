import type { Locator, Page } from 'playwright-core';

/** Page object for the Activity panel (the session's engine events) and the command journal. */
export class ActivityPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('nav.sidebar [data-panel="activity"]').click();
    await this.page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
  }
  /** Rows for an object (container/network id, volume name), optionally one action. */
  rows(id: string, action?: string): Locator {
    return this.page.locator(`tbody tr[data-id="${id}"]${action ? `[data-action="${action}"]` : ''}`);
  }
  rowsNamed(name: string, action?: string): Locator {
    return this.page.locator(`tbody tr[data-name="${name}"]${action ? `[data-action="${action}"]` : ''}`);
  }
  async shownTypes(): Promise<string[]> {
    return [
      ...new Set(
        await this.page
          .locator('tbody tr[data-type]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-type') ?? '')),
      ),
    ].sort();
  }
  async filterType(label: string): Promise<void> {
    await this.page.getByLabel('Type', { exact: true }).selectOption({ label });
  }
  async filterText(text: string): Promise<void> {
    await this.page.getByLabel('Filter by object, action or attribute').fill(text);
  }
  async openJournal(): Promise<void> {
    await this.page.locator('nav.sidebar [data-panel="journal"]').click();
    await this.page.getByRole('heading', { name: 'Command journal', level: 1 }).waitFor();
  }
  async journalCommands(): Promise<string[]> {
    return this.page.locator('.journal-command').allInnerTexts();
  }
}
