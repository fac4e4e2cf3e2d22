import type { Locator, Page } from 'playwright-core';

/** Page object for the containers panel: locators by role and label. */
export class ContainersPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table');
  }
  row(nameOrId: string): Locator {
    return this.page.locator(`tr[data-name="${nameOrId}"], tr[data-id="${nameOrId}"]`);
  }
  async rowIds(): Promise<string[]> {
    return (
      await this.page
        .locator('tbody tr[data-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''))
    ).sort();
  }
  async rowState(name: string): Promise<string | null> {
    return this.row(name).getAttribute('data-state');
  }
  async action(name: string, action: 'Start' | 'Stop' | 'Restart' | 'Remove'): Promise<void> {
    await this.page.getByRole('button', { name: `${action} ${name}`, exact: true }).click();
  }
  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }
  async showAll(on: boolean): Promise<void> {
    await this.page.getByLabel('Show stopped containers').setChecked(on);
  }
  async engineState(): Promise<string | null> {
    return this.page.locator('footer.status-bar').getAttribute('data-engine-state');
  }
}
