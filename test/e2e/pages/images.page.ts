import type { Locator, Page } from 'playwright-core';

export type ImageAction = 'Details' | 'Tag' | 'Push' | 'Save' | 'Remove';

/** Page object for the images panel: locators by role, label and the rows' data attributes. */
export class ImagesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Images', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Images', exact: true }).waitFor();
  }
  get table(): Locator {
    return this.page.getByRole('table', { name: 'Images', exact: true });
  }
  /** The row of a repository:tag. */
  row(ref: string): Locator {
    return this.page.locator(`tr[data-ref="${ref}"]`);
  }
  rowsOf(id: string): Locator {
    return this.page.locator(`tr[data-id="${id}"]`);
  }
  async imageIds(): Promise<string[]> {
    const ids = await this.table
      .locator('tbody tr[data-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
    return [...new Set(ids)].sort();
  }
  async action(label: string, action: ImageAction): Promise<void> {
    await this.page.getByRole('button', { name: `${action} ${label}`, exact: true }).click();
  }
  async toolbar(name: 'Pull…' | 'Build…' | 'Load…' | 'Import…' | 'Search…' | 'Registries…' | 'Prune…'): Promise<void> {
    await this.page.getByRole('toolbar').getByRole('button', { name, exact: true }).click();
  }
  dialog(testId: string): Locator {
    return this.page.getByTestId(testId);
  }
  /** The task card of an operation (pull, push, build…), newest first. */
  task(kind: string): Locator {
    return this.page.locator(`.img-task[data-task-kind="${kind}"]`).first();
  }
  async taskStatus(kind: string): Promise<string | null> {
    return this.task(kind).getAttribute('data-task-status');
  }
  get details(): Locator {
    return this.page.getByTestId('image-details');
  }
}
