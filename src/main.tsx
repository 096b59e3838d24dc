/**
 * The page's entry, kept small: it starts the engine's worker first, so the worker's script loads
 * and compiles while the app's code (start.tsx and everything it imports) loads beside it.
 */
import './styles.css';
import { prestartEngineWorker } from './engine/spawn.ts';

prestartEngineWorker();
// A chunk that cannot be fetched (the network dropped mid-load) must not leave a blank page.
import('./start.tsx').catch(() => {
  const root = document.getElementById('root')!;
  root.setAttribute('role', 'alert');
  root.className = 'center-msg';
  root.textContent =
    'Pruning Lab could not load its code. Check the network connection, then reload the page.';
});
