/**
 * The import fixtures (e2e/fixtures/import, written by scripts/make-import-fixtures.ts) as files a
 * person drops onto the page, and opening one as a visitor would.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import type { LabPage } from './app.ts';

const root = new URL('./fixtures/import/', import.meta.url);

/** One fixture's entry in manifest.json: what the app measured on it in Node. */
export interface Fixture {
  dir: string;
  files: string[];
  scaling: '0-1' | '0-255';
  previewAccuracy: Record<'0-1' | '0-255', number>;
  testAccuracy: number;
  testAccuracyByScaling: Record<'0-1' | '0-255', number>;
}
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')) as Fixture[];

/** The manifest entry of a fixture folder. */
export const fixture = (dir: string): Fixture => manifest.find((m) => m.dir === dir)!;

export interface DropFile {
  name: string;
  bytes: number[];
}
/** The files of a fixture folder (model.json first), as a person would pick them. */
export function fixtureFiles(dir: string): DropFile[] {
  const d = new URL(`${dir}/`, root);
  const names = ['model.json', ...readdir(d).filter((n) => n !== 'model.json')];
  return names.map((name) => ({ name, bytes: [...readFileSync(new URL(name, d))] }));
}

function readdir(d: URL): string[] {
  const json = JSON.parse(readFileSync(new URL('model.json', d), 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  return json.weightsManifest.flatMap((g) => g.paths);
}

/** model.json of a fixture changed by `edit`, with its shards unchanged. */
export function editedJson(dir: string, edit: (text: string) => string): DropFile[] {
  return fixtureFiles(dir).map((f) =>
    f.name === 'model.json'
      ? { name: f.name, bytes: [...Buffer.from(edit(Buffer.from(f.bytes).toString('utf8')))] }
      : f,
  );
}

/** Drops files onto the page as a person dragging them from a folder would. */
export async function drop(page: Page, files: DropFile[]): Promise<void> {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    const target = document.querySelector('main') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
  }, files);
}

/** Opens a fixture by drop and waits for its measured test accuracy. */
export async function openFixture(lab: LabPage, dir: string): Promise<void> {
  await drop(lab.page, fixtureFiles(dir));
  const acc = lab.page.getByTestId('import-test-accuracy');
  await expect(acc).toBeVisible({ timeout: 240_000 });
  expect(Number(await acc.getAttribute('data-value'))).toBeCloseTo(fixture(dir).testAccuracy, 2);
  await lab.waitFullAccuracy();
}

/** The app opened on the keras-cnn fixture, pruned 40% by structured L1, its full readout landed. */
export async function openPrunedKerasCnn(lab: LabPage): Promise<void> {
  await lab.open();
  await openFixture(lab, 'keras-cnn');
  const v = await lab.setupVersion();
  await lab.page.getByRole('combobox', { name: 'Pruning method' }).selectOption('l1-structured');
  await lab.setSlider('Global sparsity', 40);
  await lab.waitFullAccuracy(v);
}
