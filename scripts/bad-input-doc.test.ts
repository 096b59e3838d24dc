/**
 * The bad-input catalogue (docs/bad-input.md) stays true: every case names at least one test, and
 * every test it names (file and title) exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/bad-input.md', 'utf8');
const rows = doc.split('\n').filter((l) => /^\| \d+ \|/.test(l));

/** The tests a row names: file path and the start of the title (up to an ellipsis). */
function namedTests(row: string): { file: string; title: string }[] {
  const re = /((?:src|e2e|scripts)\/[\w/.-]+\.tsx?)(?: "([^"]+)")?/g;
  return [...row.matchAll(re)].map((m) => ({
    file: m[1],
    title: (m[2] ?? '').split('…')[0].trim(),
  }));
}

describe('docs/bad-input.md', () => {
  it('lists at least 25 cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
  });

  it('names a test for every case, and every named test exists', () => {
    const problems: string[] = [];
    for (const row of rows) {
      const id = row.split('|')[1].trim();
      const cell = row.split('|').at(-2) ?? '';
      const tests = namedTests(cell);
      if (tests.length === 0 || /TODO/.test(row)) problems.push(`case ${id} names no test`);
      for (const t of tests) {
        if (!existsSync(t.file)) problems.push(`case ${id}: no file ${t.file}`);
        else if (t.title && !readFileSync(t.file, 'utf8').includes(t.title.slice(0, 30)))
          problems.push(`case ${id}: no test "${t.title}" in ${t.file}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
