import type { Locator, Page } from 'playwright-core';

/** Page object for a logs view (inside a terminal-panel tab): toolbar by label, lines by role. */
export class LogsPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.locator('.logs-view');
  }
  get log(): Locator {
    return this.view.getByRole('log');
  }
  /** The lines rendered in the DOM (virtualized: only those near the viewport). */
  get rows(): Locator {
    return this.view.locator('.log-line');
  }
  /** Scroll the n-th shown line (0-based) to the middle: the view stops following, as when the user scrolls up. */
  async scrollToLine(index: number): Promise<void> {
    await this.log.evaluate((el, i) => {
      const row = el.querySelector<HTMLElement>('.log-line');
      el.scrollTop = Math.max(0, i * (row?.offsetHeight ?? 0) - el.clientHeight / 2);
      el.dispatchEvent(new Event('scroll'));
    }, index);
  }
  /** Back to the newest line, following again (the "jump to end" button, when the view is scrolled up). */
  async jumpToEnd(): Promise<void> {
    const jump = this.view.locator('.logs-jump');
    if (await jump.isVisible()) await jump.click();
  }
  async renderedTexts(): Promise<string[]> {
    return this.view.locator('.log-line .log-text').allTextContents();
  }
  /** "shown of total" as numbers. */
  async counts(): Promise<{ shown: number; total: number }> {
    const text = (await this.view.getByTestId('logs-counts').textContent()) ?? '';
    const [shown = NaN, total = NaN] = (text.match(/[\d,]+/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
    return { shown, total };
  }
  async filter(q: string, o: { regex?: boolean; invert?: boolean } = {}): Promise<void> {
    await this.view.getByLabel('Regex').first().setChecked(!!o.regex);
    await this.view.getByLabel('Hide matching').setChecked(!!o.invert);
    await this.view.getByRole('searchbox', { name: 'Filter' }).fill(q);
  }
  async search(q: string): Promise<void> {
    await this.view.getByRole('searchbox', { name: 'Search' }).fill(q);
  }
  async hits(): Promise<string> {
    return (await this.view.getByTestId('logs-hits').textContent()) ?? '';
  }
  async setTail(n: number): Promise<void> {
    await this.view.getByLabel('Lines').selectOption(String(n));
  }
  async follow(on: boolean): Promise<void> {
    await this.view.getByLabel('Follow').setChecked(on);
  }
  async timestamps(on: boolean): Promise<void> {
    await this.view.getByLabel('Timestamps').setChecked(on);
  }
  get loadOlder(): Locator {
    return this.view.getByRole('button', { name: 'Load older lines' });
  }
}
