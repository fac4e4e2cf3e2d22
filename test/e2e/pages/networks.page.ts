import type { Locator, Page } from 'playwright-core';

/** Page object for the networks panel (list, details, topology, connectivity check). */
export class NetworksPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Networks', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Networks', level: 1 }).waitFor();
  }
  row(name: string): Locator {
    return this.page.locator(`tr[data-name="${name}"]`);
  }
  dialog(testId: string): Locator {
    return this.page.getByTestId(testId);
  }
  async view(which: 'List' | 'Topology'): Promise<void> {
    await this.page.getByRole('tab', { name: which, exact: true }).click();
  }

  /** Open the create dialog and fill it; returns the dialog (not submitted). */
  async fillCreate(o: {
    name: string;
    subnet?: string;
    gateway?: string;
    labels?: Record<string, string>;
  }): Promise<Locator> {
    const d = this.dialog('create-network');
    if (!(await d.isVisible())) await this.page.getByRole('button', { name: 'Create network' }).click();
    await d.getByLabel('Name', { exact: true }).fill(o.name);
    await d.getByLabel('Subnet (CIDR)', { exact: true }).fill(o.subnet ?? '');
    await d.getByLabel('Gateway', { exact: true }).fill(o.gateway ?? '');
    let i = 1;
    for (const [k, v] of Object.entries(o.labels ?? {})) {
      if ((await d.getByLabel(`Labels Key ${i}`).count()) === 0) await d.getByRole('button', { name: '+ Add' }).click();
      await d.getByLabel(`Labels Key ${i}`).fill(k);
      await d.getByLabel(`Labels Value ${i}`).fill(v);
      i++;
    }
    return d;
  }
  fieldError(d: Locator, field: string): Locator {
    return d.locator(`[data-field-error="${field}"]`);
  }

  async details(name: string): Promise<Locator> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
    const d = this.dialog('network-details');
    await d.waitFor();
    return d;
  }
  member(details: Locator, container: string): Locator {
    return details.locator(`tr[data-container="${container}"]`);
  }

  topology(): Locator {
    return this.page.getByTestId('topology');
  }
  topoNetwork(name: string): Locator {
    return this.topology().locator(`g[data-network="${name}"]`);
  }
  topoContainer(name: string): Locator {
    return this.topology().locator(`g[data-container="${name}"]`);
  }
  /** The labels of the edges drawn for a network (IP · aliases), by container name. */
  async topoEdges(networkId: string, containerIds: Record<string, string>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, id] of Object.entries(containerIds)) {
      const edge = this.topology().locator(`g[data-edge="${networkId}:${id}"]`);
      out[name] = (await edge.count()) ? ((await edge.locator('title').textContent()) ?? '') : '';
    }
    return out;
  }
  async closeDialog(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}
