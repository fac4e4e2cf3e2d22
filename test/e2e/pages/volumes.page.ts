import type { Locator, Page } from 'playwright-core';

/** Page object for the volumes panel: locators by role, label and data attributes. */
export class VolumesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Volumes', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Volumes', level: 1 }).waitFor();
  }
  row(name: string): Locator {
    return this.page.locator(`tr[data-name="${name}"]`);
  }
  /** Names of the containers shown as using a volume. */
  async usedBy(name: string): Promise<string[]> {
    return (
      await this.row(name)
        .locator('[data-container]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-container') ?? ''))
    ).sort();
  }
  dialog(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async create(name: string, labels: Record<string, string>): Promise<void> {
    await this.page.getByRole('button', { name: 'Create volume' }).click();
    const d = this.dialog('create-volume');
    await d.getByLabel('Name', { exact: true }).fill(name);
    let i = 1;
    for (const [k, v] of Object.entries(labels)) {
      await d.getByRole('button', { name: '+ Add' }).nth(1).click();
      await d.getByLabel(`Labels (--label) Key ${i}`).fill(k);
      await d.getByLabel(`Labels (--label) Value ${i}`).fill(v);
      i++;
    }
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await d.waitFor({ state: 'detached' });
  }

  /** Open a volume's details (Files tab). */
  async details(name: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Files ${name}`, exact: true }).click();
    const d = this.dialog('volume-details');
    await d.waitFor();
    return d;
  }
  async entries(details: Locator): Promise<string[]> {
    return (
      await details.locator('tr[data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry') ?? ''))
    ).sort();
  }
  async closeDialog(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}
