/**
 * Page object for Pruning Lab: finds controls by role and accessible name, as a person would.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class LabPage {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('pageerror', (e) => this.errors.push(String(e)));
  }

  /** Opens the app (optionally with a query string) and waits for the model to be ready. */
  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.accuracy).toHaveText(/^\d+(\.\d)?%$/, { timeout: 60_000 });
  }

  get accuracy(): Locator {
    return this.page.getByTestId('test-accuracy');
  }

  get backend(): Locator {
    return this.page.getByTestId('backend');
  }

  slider(name: string): Locator {
    return this.page.getByRole('slider', { name, exact: true });
  }

  /** Reads the accuracy readout as a fraction. */
  async accuracyValue(): Promise<number> {
    const t = (await this.accuracy.textContent()) ?? '';
    return Number(t.replace('%', '')) / 100;
  }

  /** Waits until the readout shows the full test-set value. */
  async waitFullAccuracy(): Promise<number> {
    await expect(this.accuracy).toHaveAttribute('data-kind', 'full', { timeout: 90_000 });
    return this.accuracyValue();
  }

  /** Sets a slider by keyboard: Home, then Right arrows to the target percentage. */
  async setSlider(name: string, percent: number): Promise<void> {
    const s = this.slider(name);
    await s.focus();
    await s.press('Home');
    for (let i = 0; i < Math.floor(percent / 10); i++) await s.press('PageUp');
    for (let i = 0; i < percent % 10; i++) await s.press('ArrowRight');
    await expect(s).toHaveAttribute('aria-valuenow', String(percent));
  }
}
