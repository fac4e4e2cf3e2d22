import type { Locator, Page } from 'playwright-core';

export type PreviewItem = { kind: string; id: string };

/** Page object for the System panel (docker version/info, system df, system prune). */
export class SystemPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('nav.sidebar [data-panel="system"]').click();
    await this.page.getByRole('heading', { name: 'System', level: 1 }).waitFor();
  }
  async tab(name: 'Engine' | 'Disk usage' | 'Clean up'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }
  /** The value of one `docker info` line (by its test id). */
  async info(testId: string): Promise<string> {
    const dd = this.page.locator(`[data-testid="${testId}"] dd`);
    await dd.waitFor();
    return (await dd.innerText()).trim();
  }
  diskRow(type: 'images' | 'containers' | 'volumes' | 'buildCache'): Locator {
    return this.page.locator(`tr[data-type="${type}"]`);
  }
  get chart(): Locator {
    return this.page.getByRole('img', { name: 'Disk usage by type: in use and reclaimable' });
  }

  // Clean up
  option(label: RegExp | string): Locator {
    return this.page.getByLabel(label);
  }
  get labelFilter(): Locator {
    return this.page.getByLabel('Only items with the label');
  }
  async preview(): Promise<PreviewItem[]> {
    await this.page.getByRole('button', { name: /^(Preview|Preview again)$/ }).click();
    const box = this.page.getByTestId('prune-preview');
    await box.waitFor();
    return this.items(box.locator('li[data-kind]'));
  }
  get result(): Locator {
    return this.page.getByTestId('prune-result');
  }
  async resultItems(outcome: 'removed' | 'failed' | 'skipped'): Promise<PreviewItem[]> {
    return this.items(this.result.locator(`li[data-outcome="${outcome}"]`));
  }
  async removeConfirmed(): Promise<void> {
    await this.page.getByRole('button', { name: /^Remove these \d+ items$/ }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Remove these \d+ items$/ }).click();
    await this.result.waitFor({ timeout: 60_000 });
  }
  private async items(l: Locator): Promise<PreviewItem[]> {
    return (
      await l.evaluateAll((els) =>
        els.map((e) => ({ kind: e.getAttribute('data-kind') ?? '', id: e.getAttribute('data-id') ?? '' })),
      )
    ).sort((a, b) => `${a.kind}:${a.id}`.localeCompare(`${b.kind}:${b.id}`));
  }
}
