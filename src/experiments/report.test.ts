import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  rowCells,
  rowsToCsv,
  runToJson,
  sensitivitySeries,
  seriesOf,
  sweepSeries,
} from './report.ts';
import { validRuns, withRun, withoutRun, type ResultRow, type RunRecord } from './history.ts';

function row(p: Partial<ResultRow>): ResultRow {
  return {
    run: 'sweep-1',
    method: 'magnitude',
    variant: 'oneshot',
    layer: '',
    round: 0,
    target: 0.5,
    sparsity: 0.49712,
    compression: 1.98857,
    flopsRatio: 2.00001,
    accuracy: 0.98126,
    loss: 0.061234,
    ...p,
  };
}

/** A minimal RFC 4180 parser, enough to read back what rowsToCsv writes. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      rec.push(field);
      field = '';
    } else if (ch === '\n') {
      rec.push(field);
      out.push(rec);
      rec = [];
      field = '';
    } else field += ch;
  }
  return out;
}

describe('rowCells and rowsToCsv', () => {
  it('formats with fixed precision in the documented column order', () => {
    expect(CSV_COLUMNS.join(',')).toBe(
      'run,method,sparsity,compression,flops_ratio,accuracy,loss,variant,layer,round,target',
    );
    expect(rowCells(row({}))).toEqual([
      'sweep-1',
      'magnitude',
      '0.4971',
      '1.99',
      '2.00',
      '0.9813',
      '0.0612',
      'oneshot',
      '',
      '',
      '0.5000',
    ]);
    expect(
      rowCells(
        row({ compression: Infinity, flopsRatio: Infinity, round: 3, layer: 'conv1' }),
      ).slice(3, 10),
    ).toEqual(['inf', 'inf', '0.9813', '0.0612', 'oneshot', 'conv1', '3']);
  });

  it('writes a header and one line per row whose cells are the table cells', () => {
    const rows = [row({}), row({ method: 'random', accuracy: 0.5, layer: 'odd, "name"' })];
    const csv = rowsToCsv(rows);
    expect(csv.endsWith('\n')).toBe(true);
    const parsed = parseCsv(csv);
    expect(parsed[0]).toEqual([...CSV_COLUMNS]);
    expect(parsed.slice(1)).toEqual(rows.map(rowCells));
    expect(csv.split('\n')[2]).toContain('"odd, ""name"""');
  });

  it('writes only the header for no rows', () => {
    expect(rowsToCsv([])).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });
});

describe('chart series', () => {
  const rows = [
    row({ target: 0.9, sparsity: 0.89, compression: 9, flopsRatio: 8, accuracy: 0.9 }),
    row({ target: 0, sparsity: 0, compression: 1, flopsRatio: 1, accuracy: 0.98 }),
    row({
      method: 'random',
      target: 0,
      sparsity: 0,
      compression: 1,
      flopsRatio: 1,
      accuracy: 0.98,
    }),
    row({ method: 'random', variant: 'finetuned', target: 0.5, accuracy: 0.95 }),
  ];

  it('groups sweep rows by method and variant, sorted by x on the chosen axis', () => {
    const s = sweepSeries(rows, 'sparsity');
    expect(s.map((x) => [x.id, x.label, x.points.length])).toEqual([
      ['magnitude/oneshot', 'Magnitude (per layer)', 2],
      ['random/oneshot', 'Random', 1],
      ['random/finetuned', 'Random · fine-tuned', 1],
    ]);
    expect(s[0].points).toEqual([
      { x: 0, y: 0.98 },
      { x: 0.89, y: 0.9 },
    ]);
    expect(sweepSeries(rows, 'compression')[0].points.map((p) => p.x)).toEqual([1, 9]);
    expect(sweepSeries(rows, 'speedup')[0].points.map((p) => p.x)).toEqual([1, 8]);
    expect(seriesOf(row({ variant: 'reinit' })).label).toBe(
      'Magnitude (per layer) · random re-init (control)',
    );
  });

  it('draws one sensitivity curve per layer over the layer’s own sparsity', () => {
    const s = sensitivitySeries([
      row({ layer: 'dense2', target: 0.9, accuracy: 0.97 }),
      row({ layer: 'dense2', target: 0, accuracy: 0.98 }),
      row({ layer: 'conv1', target: 0.9, accuracy: 0.4 }),
    ]);
    expect(s.map((x) => x.id)).toEqual(['dense2', 'conv1']);
    expect(s[0].points).toEqual([
      { x: 0, y: 0.98 },
      { x: 0.9, y: 0.97 },
    ]);
  });
});

describe('run history lists', () => {
  const run = (id: string): RunRecord => ({
    id,
    kind: 'sweep',
    createdAt: 1,
    model: 'cnn',
    dataset: 'mnist',
    status: 'done',
    subset: 'full',
    settings: { methods: ['magnitude'] },
    reference: 0.98,
    rows: [row({ run: id, compression: Infinity })],
    traces: [],
  });

  it('puts the newest first, replaces by id, caps the length and deletes', () => {
    let list = withRun([], run('a'));
    list = withRun(list, run('b'));
    expect(list.map((r) => r.id)).toEqual(['b', 'a']);
    list = withRun(list, run('a'));
    expect(list.map((r) => r.id)).toEqual(['a', 'b']);
    expect(withRun(list, run('c'), 2).map((r) => r.id)).toEqual(['c', 'a']);
    expect(withoutRun(list, 'a').map((r) => r.id)).toEqual(['b']);
  });

  it('drops stored entries that are not runs', () => {
    expect(validRuns(null)).toEqual([]);
    expect(
      validRuns([run('a'), { id: 3 }, null, 'x', { id: 'b', kind: 'sweep', rows: [] }]).map(
        (r) => r.id,
      ),
    ).toEqual(['a']);
  });

  it('exports JSON with infinite ratios spelled out', () => {
    const json = JSON.parse(runToJson(run('a'))) as RunRecord;
    expect(json.rows[0].compression).toBe('inf');
    expect(json.settings).toEqual({ methods: ['magnitude'] });
  });
});
