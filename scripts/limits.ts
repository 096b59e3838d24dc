/**
 * The size limits the code base holds (no source file over 400 lines, no function over 80 lines
 * unless it is a React component that only returns JSX, few duplicated blocks), as pure
 * measurements over source text. scripts/check-limits.ts runs them over src/.
 */
import ts from 'typescript';

/** Longest source file allowed, in lines. */
export const MAX_FILE_LINES = 400;
/** Longest function allowed, in lines (from its first to its last line, comments inside count). */
export const MAX_FUNCTION_LINES = 80;
/** Most non-boilerplate duplicate pairs `duplicates` may list over src/. */
export const MAX_DUPLICATE_PAIRS = 3;

/** One function's measure: where it starts (1-based line), its name and its length in lines. */
export interface FunctionMeasure {
  name: string;
  line: number;
  lines: number;
  /** True for a React component whose body only returns JSX (exempt from the function limit). */
  jsxOnly: boolean;
  /** True for a test suite's `describe(..., () => {...})` callback: a container, like a module. */
  suite: boolean;
}

/** Lines in `text`, not counting one trailing newline. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

function isJsx(node: ts.Node): boolean {
  let e = node;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isJsxElement(e) || ts.isJsxFragment(e) || ts.isJsxSelfClosingElement(e);
}

/** True when a function's body is a single `return <jsx/>` (or an arrow whose body is JSX). */
function onlyReturnsJsx(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isJsx(body);
  if (body.statements.length !== 1) return false;
  const [st] = body.statements;
  return ts.isReturnStatement(st) && st.expression !== undefined && isJsx(st.expression);
}

function isSuiteCallback(fn: ts.FunctionLikeDeclaration): boolean {
  const p = fn.parent;
  if (!ts.isCallExpression(p) || !p.arguments.includes(fn as ts.Expression)) return false;
  const callee = ts.isPropertyAccessExpression(p.expression)
    ? p.expression.expression
    : p.expression;
  return ts.isIdentifier(callee) && callee.text === 'describe';
}

function nameOf(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (fn.name) return fn.name.getText(sf);
  const p = fn.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))
    return p.name.getText(sf);
  if (ts.isCallExpression(p)) {
    const callee = p.expression.getText(sf);
    const owner = p.parent;
    if (ts.isVariableDeclaration(owner)) return `${owner.name.getText(sf)} (${callee} callback)`;
    return `(${callee} callback)`;
  }
  return '(anonymous)';
}

/** Measures every function, method, arrow function and accessor in a TypeScript/TSX source. */
export function measureFunctions(fileName: string, text: string): FunctionMeasure[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const out: FunctionMeasure[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const start = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({
        name: nameOf(fn, sf),
        line: start + 1,
        lines: end - start + 1,
        jsxOnly: onlyReturnsJsx(fn),
        suite: isSuiteCallback(fn),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** One limit broken, printed as `file:line message`. */
export interface Violation {
  file: string;
  line: number;
  /** Key used by the allowlist: the file for a long file, `file#function` for a long function. */
  key: string;
  message: string;
}

/** The file- and function-length violations of one source file (path as printed, e.g. src/a.ts). */
export function checkSource(file: string, text: string): Violation[] {
  const out: Violation[] = [];
  const n = countLines(text);
  if (n > MAX_FILE_LINES)
    out.push({ file, line: 1, key: file, message: `${n} lines (limit ${MAX_FILE_LINES})` });
  for (const f of measureFunctions(file, text)) {
    if (f.lines > MAX_FUNCTION_LINES && !f.jsxOnly && !f.suite)
      out.push({
        file,
        line: f.line,
        key: `${file}#${f.name}`,
        message: `function ${f.name} has ${f.lines} lines (limit ${MAX_FUNCTION_LINES})`,
      });
  }
  return out;
}

/** One row of the `duplicates` listing. */
export interface DuplicatePair {
  /** `a.ts:10-24`, relative to the folder scanned. */
  a: string;
  b: string;
  boilerplate: boolean;
  /** Allowlist key: the two files, `a.ts ~ b.ts`. */
  key: string;
}

/** Parses the rows (`D1 a.ts:10-24 ~ b.ts:40-54 shape boilerplate ...`) of `duplicates` output. */
export function parseDuplicates(output: string): DuplicatePair[] {
  const out: DuplicatePair[] = [];
  for (const line of output.split('\n')) {
    const m = /^D\d+\s+(\S+:\d+-\d+)\s+~\s+(\S+:\d+-\d+)(.*)$/.exec(line.trim());
    if (!m) continue;
    const file = (s: string) => s.slice(0, s.lastIndexOf(':'));
    out.push({
      a: m[1],
      b: m[2],
      boilerplate: /\bboilerplate\b/.test(m[3]),
      key: `${file(m[1])} ~ ${file(m[2])}`,
    });
  }
  return out;
}
