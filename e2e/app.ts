/**
 * Page object for Pruning Lab: finds controls by role and accessible name, as a person would.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * How long to wait for the app's state to change. Generous, because the tests wait on the app
 * (a result for the current setup has landed), and a busy machine only makes that slower.
 */
const STATE_WAIT = 240_000;

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

  /**
   * Waits until the readout holds a value computed for the setup on screen (preview or full):
   * the app's own state, not the clock. `after` waits for a setup newer than that version.
   */
  async waitReady(after = -1): Promise<void> {
    await expect(this.accuracy).toHaveAttribute('data-state', 'current', { timeout: STATE_WAIT });
    await expect.poll(() => this.setupVersion(), { timeout: STATE_WAIT }).toBeGreaterThan(after);
    await expect(this.accuracy).toHaveAttribute('data-state', 'current', { timeout: STATE_WAIT });
  }

  /** Waits until a training progress report (with its loss) has reached the training bar. */
  async waitTrainProgress(): Promise<void> {
    await expect(this.page.getByTestId('train-status')).toContainText(/loss \d+\.\d{3}/, {
      timeout: STATE_WAIT,
    });
  }

  /** The setup version the readout belongs to (data-version). */
  async setupVersion(): Promise<number> {
    return Number((await this.accuracy.getAttribute('data-version')) ?? '-1');
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

  /**
   * Waits until the readout shows the full test-set value for the setup on screen (data-state
   * current, data-kind full), optionally for a setup newer than version `after`.
   */
  async waitFullAccuracy(after = -1): Promise<number> {
    await this.waitReady(after);
    await expect(this.accuracy).toHaveAttribute('data-kind', 'full', { timeout: STATE_WAIT });
    await expect(this.accuracy).toHaveAttribute('data-state', 'current');
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
