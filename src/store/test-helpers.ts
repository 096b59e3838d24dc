/** Helpers the store's tests share: waiting on the app's state, never on the clock alone. */
import { useApp } from './index.ts';
import { selectAccuracy } from './selectors.ts';
import { evaluationsIdle } from './setup.ts';

/**
 * The full-test-set accuracy (0..1) of the setup on screen, once a result for it has landed.
 * @throws when the setup could not be evaluated, or nothing landed after `tries` looks
 */
export async function settledAccuracy(tries = 4000): Promise<number> {
  for (let i = 0; i < tries; i++) {
    await evaluationsIdle();
    const a = selectAccuracy(useApp.getState());
    if (a.state === 'current' && a.subset === 'full') return a.accuracy;
    if (a.state === 'error') throw new Error(a.message);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no result landed: ${JSON.stringify(selectAccuracy(useApp.getState()))}`);
}
