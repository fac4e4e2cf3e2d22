import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../../support/engine';

export type SessionKind = 'Shell' | 'Attach' | 'Logs' | 'Stats' | 'Host terminal';

/** Page object for the terminal panel: its tabs, the new-session picker, and the screen of each terminal. */
export class TerminalPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Terminal', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Terminal' }).waitFor();
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Fill the picker and open; returns the new tab's id. */
  async newSession(o: {
    kind: SessionKind;
    container?: string;
    shell?: string;
    user?: string;
    workdir?: string;
    env?: string;
    detachKeys?: string;
  }): Promise<string> {
    const before = await this.tabIds();
    await this.page.getByRole('button', { name: 'New session' }).click();
    const d = this.dialog;
    await d.getByRole('radio', { name: o.kind, exact: true }).check();
    if (o.container) await d.getByLabel('Container').selectOption(o.container);
    if (o.shell !== undefined) await d.getByRole('combobox', { name: 'Shell', exact: true }).fill(o.shell);
    if (o.user !== undefined) await d.getByLabel('User').fill(o.user);
    if (o.workdir !== undefined) await d.getByLabel('Working directory').fill(o.workdir);
    if (o.env !== undefined) await d.getByLabel('Environment variables').fill(o.env);
    if (o.detachKeys !== undefined) await d.getByLabel('Detach keys').fill(o.detachKeys);
    await d.getByRole('button', { name: 'Open', exact: true }).click();
    await d.waitFor({ state: 'detached' });
    return waitFor(async () => (await this.tabIds()).find((id) => !before.includes(id)));
  }

  async tabIds(): Promise<string[]> {
    return this.page.locator('.term-tab').evaluateAll((els) => els.map((e) => e.getAttribute('data-tab') ?? ''));
  }
  tab(id: string): Locator {
    return this.page.locator(`.term-tab[data-tab="${id}"]`);
  }
  async status(id: string): Promise<string | null> {
    return this.tab(id).getAttribute('data-status');
  }
  async activate(id: string): Promise<void> {
    await this.tab(id).getByRole('tab').click();
  }
  async close(id: string): Promise<void> {
    await this.tab(id).locator('.term-tab-close').click();
  }
  get view(): Locator {
    return this.page.locator('.term-body');
  }

  /** What the terminal shows (screen and scrollback), whichever renderer draws it. */
  async screen(id: string): Promise<string> {
    return this.page.evaluate((tab) => window.berthTerminals?.text(tab) ?? '', id);
  }
  async waitScreen(id: string, re: RegExp, timeoutMs = 15_000): Promise<void> {
    await waitFor(async () => re.test(await this.screen(id)), { timeoutMs });
  }
  async size(id: string): Promise<{ cols: number; rows: number } | undefined> {
    return this.page.evaluate((tab) => window.berthTerminals?.size(tab), id);
  }
  /** Click into the terminal and type, as a person does. */
  async type(text: string): Promise<void> {
    await this.page.locator('.term-slot .xterm').click();
    await this.page.keyboard.type(text);
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
}
