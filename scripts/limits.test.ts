import { describe, expect, it } from 'vitest';
import { checkSource, countLines, measureFunctions, parseDuplicates } from './limits.ts';

const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('countLines', () => {
  it('counts lines with or without a trailing newline', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\nb\n')).toBe(2);
    expect(countLines('a\nb')).toBe(2);
  });
});

describe('measureFunctions', () => {
  it('measures declarations, arrows and methods from their first to their last line', () => {
    const src = [
      'export function f() {', // 1
      body(3), // 2-4
      '}', // 5
      'const g = (a: number) =>', // 6
      '  a + 1;', // 7
      'class C {', // 8
      '  m() {', // 9
      '    return 1;', // 10
      '  }', // 11
      '}',
    ].join('\n');
    const m = measureFunctions('a.ts', src);
    expect(m.map((x) => [x.name, x.line, x.lines])).toEqual([
      ['f', 1, 5],
      ['g', 6, 2],
      ['m', 9, 3],
    ]);
  });

  it('starts a function at its code, not its JSDoc', () => {
    const [f] = measureFunctions('a.ts', '/**\n * doc\n */\nfunction f() {\n  return 1;\n}\n');
    expect(f.line).toBe(4);
    expect(f.lines).toBe(3);
  });

  it('recognises a component that only returns JSX, and one that does more', () => {
    const pure = 'export function A() {\n  return (\n    <div>\n      <b />\n    </div>\n  );\n}';
    const arrow = 'const B = () => <p>hi</p>;';
    const hooks = 'function C() {\n  const [x] = useState(0);\n  return <p>{x}</p>;\n}';
    const m = measureFunctions('a.tsx', [pure, arrow, hooks].join('\n'));
    expect(m.map((x) => [x.name, x.jsxOnly])).toEqual([
      ['A', true],
      ['B', true],
      ['C', false],
    ]);
  });

  it('names callbacks after their call and recognises test suites', () => {
    const m = measureFunctions('a.test.ts', "describe('x', () => {\n  it('y', () => {});\n});");
    expect(m.map((x) => [x.name, x.suite])).toEqual([
      ['(describe callback)', true],
      ['(it callback)', false],
    ]);
  });
});

describe('checkSource', () => {
  it('flags a function over 80 lines at its line and leaves one of 80 alone', () => {
    const ok = `function ok() {\n${body(78)}\n}`; // 80 lines
    const long = `function long() {\n${body(79)}\n}`; // 81 lines
    expect(checkSource('src/a.ts', ok)).toEqual([]);
    const v = checkSource('src/a.ts', `${ok}\n${long}`);
    expect(v).toEqual([
      {
        file: 'src/a.ts',
        line: 81,
        key: 'src/a.ts#long',
        message: 'function long has 81 lines (limit 80)',
      },
    ]);
  });

  it('exempts a long component that only returns JSX but not a long one with logic', () => {
    const rows = Array.from({ length: 90 }, (_, i) => `      <p>${i}</p>`).join('\n');
    const jsx = `export function Big() {\n  return (\n    <div>\n${rows}\n    </div>\n  );\n}`;
    expect(checkSource('src/a.tsx', jsx)).toEqual([]);
    const withLogic = jsx.replace('{\n  return', '{\n  const x = 1;\n  return');
    expect(checkSource('src/a.tsx', withLogic).map((v) => v.key)).toEqual(['src/a.tsx#Big']);
  });

  it('flags a file over 400 lines at line 1', () => {
    const text = Array.from({ length: 401 }, (_, i) => `export const a${i} = ${i};`).join('\n');
    expect(checkSource('src/b.ts', text)).toEqual([
      { file: 'src/b.ts', line: 1, key: 'src/b.ts', message: '401 lines (limit 400)' },
    ]);
    expect(checkSource('src/b.ts', text.split('\n').slice(1).join('\n'))).toEqual([]);
  });
});

describe('parseDuplicates', () => {
  it('reads the rows and marks boilerplate ones', () => {
    const out = [
      '3 pairs of places (10 files read), each sharing runs of 6 or more lines',
      'D1 model/a.ts:58-69 ~ model/a.ts:354-366 (+1 more run)',
      'D2 charts/B.tsx:1-8 ~ panels/C.tsx:10-17 shape',
      'D3 core/x.test.ts:5-11 ~ core/y.test.ts:3-9 shape boilerplate',
      '(+2 more pairs)',
    ].join('\n');
    expect(parseDuplicates(out)).toEqual([
      {
        a: 'model/a.ts:58-69',
        b: 'model/a.ts:354-366',
        boilerplate: false,
        key: 'model/a.ts ~ model/a.ts',
      },
      {
        a: 'charts/B.tsx:1-8',
        b: 'panels/C.tsx:10-17',
        boilerplate: false,
        key: 'charts/B.tsx ~ panels/C.tsx',
      },
      {
        a: 'core/x.test.ts:5-11',
        b: 'core/y.test.ts:3-9',
        boilerplate: true,
        key: 'core/x.test.ts ~ core/y.test.ts',
      },
    ]);
    expect(parseDuplicates('no duplicates (12 files read)')).toEqual([]);
  });
});
