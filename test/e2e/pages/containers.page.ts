import type { Locator, Page } from 'playwright-core';
import type { Harness } from '../harness';

/** Page object for the containers panel: locators by role and label. */
export class ContainersPage {
  constructor(readonly page: Page) {}

  /** A new window on the containers panel, stopped containers shown too. */
  static async open(h: Harness): Promise<ContainersPage> {
    const ui = new ContainersPage(await h.open());
    await ui.showAll(true);
    return ui;
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Containers' });
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
  /** Row names in the order shown. */
  async rowNames(): Promise<string[]> {
    return this.page
      .locator('table.containers-grid tbody tr[data-name]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  }
  async rowState(name: string): Promise<string | null> {
    return this.row(name).getAttribute('data-state');
  }
  async action(name: string, action: 'Start' | 'Stop' | 'Restart' | 'Remove'): Promise<void> {
    await this.page.getByRole('button', { name: `${action} ${name}`, exact: true }).click();
  }
  /** An item of the row's "More actions" menu. */
  async menu(name: string, item: string | RegExp): Promise<void> {
    await this.page.getByRole('button', { name: `More actions ${name}`, exact: true }).click();
    await this.page.getByRole('menu').getByRole('menuitem', { name: item }).click();
  }
  get dialog(): Locator {
    return this.page.getByRole('dialog').last();
  }
  async showAll(on: boolean): Promise<void> {
    await this.page.getByLabel('Show stopped containers').setChecked(on);
  }
  async engineState(): Promise<string | null> {
    return this.page.locator('footer.status-bar').getAttribute('data-engine-state');
  }
  get notice(): Locator {
    return this.page.getByTestId('containers-notice');
  }

  // --- selection and bulk -------------------------------------------------------------------

  async select(name: string, on = true): Promise<void> {
    await this.page.getByLabel(`Select ${name}`, { exact: true }).setChecked(on);
  }
  get bulkBar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Actions on the selected containers' });
  }
  async bulk(action: 'Start' | 'Stop' | 'Restart' | 'Pause' | 'Unpause' | 'Kill' | 'Remove'): Promise<void> {
    await this.bulkBar.getByRole('button', { name: action, exact: true }).click();
  }
  section(key: string): Locator {
    return this.page.locator(`tr.section-row[data-section="${key}"]`);
  }
  async sortBy(column: 'Name' | 'Image' | 'Created' | 'Status'): Promise<void> {
    await this.table
      .locator('thead')
      .getByRole('button', { name: new RegExp(`^${column}`) })
      .click();
  }

  // --- run form ------------------------------------------------------------------------------

  get runForm(): Locator {
    return this.page.getByRole('dialog', { name: /Run a container|Edit and recreate/ });
  }
  async openRunForm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run a container', exact: true }).click();
    await this.runForm.waitFor();
  }
  /** Paste a `docker run …` line and fill the form from it. */
  async pasteRunLine(line: string): Promise<void> {
    await this.runForm.getByLabel('Paste a docker run command').fill(line);
    await this.runForm.getByRole('button', { name: 'Fill the form' }).click();
  }
  get pasteIssues(): Locator {
    return this.runForm.getByTestId('paste-issues');
  }
  /** The live `docker run` command under the form. */
  async liveCommand(): Promise<string> {
    return (await this.runForm.getByTestId('run-command').textContent()) ?? '';
  }
  field(label: string | RegExp): Locator {
    return this.runForm.getByLabel(label, { exact: typeof label === 'string' });
  }
  /** The error message shown next to a labelled field. */
  fieldError(label: string): Locator {
    return this.runForm
      .locator('.field')
      .filter({ has: this.page.getByLabel(label, { exact: true }) })
      .locator('.field-error');
  }
  async submitRun(): Promise<void> {
    await this.runForm.getByRole('button', { name: /^(Run|Create|Recreate)$/ }).click();
  }
  /** The host-power confirmation: its listed grants. */
  async grants(): Promise<string[]> {
    const list = this.page.getByTestId('grant-list');
    await list.waitFor();
    return list.locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-grant') ?? ''));
  }
  async confirmGrants(): Promise<void> {
    await this.page.getByRole('button', { name: 'Grant and run' }).click();
  }
  /** Paste a line and run it; resolves when the form closed (the run went through). */
  async runLine(line: string, opts: { confirmHostPower?: boolean } = {}): Promise<void> {
    await this.openRunForm();
    await this.pasteRunLine(line);
    await this.submitRun();
    if (opts.confirmHostPower) {
      await this.grants();
      await this.confirmGrants();
    }
    await this.runForm.waitFor({ state: 'detached' });
  }

  // --- details -------------------------------------------------------------------------------

  details(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Details of ${name}` });
  }
  async openDetails(name: string): Promise<Locator> {
    await this.row(name).locator('.name-link').click();
    const d = this.details(name);
    await d.waitFor();
    return d;
  }
  async detailsTab(name: string, tab: 'Inspect' | 'Processes' | 'Changes' | 'Files' | 'Commit'): Promise<Locator> {
    const d = this.details(name);
    await d.getByRole('tab', { name: tab }).click();
    return d.getByRole('tabpanel');
  }
}
