/**
 * Messages a visitor reads never tell them to run a build command: in the app's source, `npm run`
 * may appear only in comments and in texts meant for developers (a `detail`, the REBUILD_HINT
 * constant, console output).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Lines of `text` that quote a build command outside a comment or a developer's text. */
export function visitorBuildCommands(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return code
    .split('\n')
    .map((line) => line.replace(/^\s*\/\/.*$/, ''))
    .filter((line) => /npm (run|test|ci|install)/.test(line))
    .filter((line) => !/\b(detail|REBUILD_HINT)\b|console\.(error|warn|log)/.test(line));
}

describe('visitor messages', () => {
  it('finds a build command in a visitor text, and not in a comment or a detail', () => {
    expect(visitorBuildCommands("throw new Error('Run `npm run data` first.');")).toHaveLength(1);
    expect(visitorBuildCommands('// run `npm run data`\n/* npm run pretrain */')).toEqual([]);
    expect(visitorBuildCommands('const detail = `Run \\`npm run pretrain\\`.`;')).toEqual([]);
  });

  it('no message in src/ tells a visitor to run npm', () => {
    const found = sources('src').flatMap((f) =>
      visitorBuildCommands(readFileSync(f, 'utf8')).map((l) => `${f}: ${l.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
