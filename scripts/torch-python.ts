/**
 * Which python runs the PyTorch recipe tests: `python3` on the PATH (it may be a Python without
 * torch, e.g. a pyenv one), then Debian's /usr/bin/python3 (where apt's python3-torch lives).
 * Node only (tests and scripts/ensure-torch.ts).
 */
import { spawnSync } from 'node:child_process';

/** Pythons tried in order. */
export const PYTHON_CANDIDATES: readonly string[] = ['python3', '/usr/bin/python3'];

/** The first candidate python that imports torch, or null when none does. */
export function findTorchPython(): string | null {
  for (const py of PYTHON_CANDIDATES) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return py;
  }
  return null;
}
