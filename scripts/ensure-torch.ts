/**
 * Makes sure python3 (or Debian's /usr/bin/python3) can import torch for the PyTorch recipe tests (src/model/export-torch.test.ts).
 * When it cannot and this runs as root with apt, installs Debian's `python3-torch`; otherwise it
 * says what to install. It never fails the test run: without torch those tests are skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { findTorchPython } from './torch-python.ts';

function hasTorch(): boolean {
  const py = findTorchPython();
  if (py) console.log(`ensure-torch: ${py} imports torch.`);
  return py !== null;
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function main(): void {
  if (hasTorch()) {
    console.log('ensure-torch: the PyTorch recipe tests will run.');
    return;
  }
  if (isRoot() && hasCommand('apt-get')) {
    console.log('ensure-torch: python3 cannot import torch; installing Debian\'s "python3-torch"…');
    try {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-q', 'python3-torch'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (e) {
      console.error(
        `ensure-torch: apt-get failed (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
    if (hasTorch()) {
      console.log('ensure-torch: python3-torch installed.');
      return;
    }
  }
  console.warn(
    [
      'ensure-torch: python3 cannot import torch, so the PyTorch recipe tests will be skipped.',
      'To run them, install PyTorch for python3, then run the tests again:',
      '  Debian/Ubuntu:  sudo apt-get install python3-torch',
      '  elsewhere:      python3 -m pip install torch',
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
