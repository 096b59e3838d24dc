import type { MouseEvent } from 'react';
import {
  chartCaption,
  downloadBlob,
  findExportableChart,
  svgBlob,
  svgToPngBlob,
} from '../charts/index.ts';
import { methodInfo } from '../core/methods.ts';
import { datasetInfo } from '../data/catalog.ts';
import { modelInfo } from '../data/models.ts';
import { isImportedId } from '../engine/api.ts';
import { importedLabel } from '../store/imported.ts';
import { pushNotice, useApp, type AppState } from '../store/index.ts';

/** The caption of an exported chart for the setup on screen (model · data · method · sparsity). */
export function captionOf(s: AppState, detail?: string): string {
  const model = isImportedId(s.modelId) ? importedLabel(s.modelId) : modelInfo(s.modelId).title;
  const base = chartCaption({
    model,
    data: datasetInfo[s.datasetId].title,
    method: methodInfo(s.config.method).label,
    sparsity: s.metrics?.total.weightSparsity ?? s.config.globalSparsity,
  });
  return detail ? `${base} · ${detail}` : base;
}

/** File-name-safe text. */
function safe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
}

export interface ChartDownloadProps {
  /**
   * Selector of the nearest ancestor holding the chart (its <svg>, or a heatmap's canvas and label
   * <svg>); default 'section', the chart's panel.
   */
  scope?: string;
  /** What the chart is, for the buttons' names, e.g. 'accuracy curve'. */
  title: string;
  /** File name without extension, e.g. 'accuracy-curve'. */
  file: string;
  /** Added to the caption, e.g. 'layer conv1'. */
  detail?: string;
}

/**
 * A Download menu for one chart: SVG or PNG (2x), each with a caption naming the model, data,
 * method and sparsity on screen.
 */
export function ChartDownload({ scope, title, file, detail }: ChartDownloadProps) {
  const modelId = useApp((s) => s.modelId);
  const datasetId = useApp((s) => s.datasetId);
  const name = safe(`pruning-lab-${file}-${modelId}-${datasetId}`);
  const save = (kind: 'svg' | 'png', e: MouseEvent<HTMLElement>): void => {
    e.currentTarget.closest('details')?.removeAttribute('open');
    const holder = e.currentTarget.closest(scope ?? 'section');
    const found = holder ? findExportableChart(holder) : null;
    if (!found) {
      pushNotice('warning', `The ${title} is not drawn yet: wait for it, then download again.`);
      return;
    }
    const caption = captionOf(useApp.getState(), detail);
    if (kind === 'svg') {
      downloadBlob(svgBlob(found.svg, caption, found.underlay), `${name}.svg`);
      return;
    }
    svgToPngBlob(found.svg, 2, caption, found.underlay)
      .then((b) => downloadBlob(b, `${name}.png`))
      .catch((e: unknown) =>
        pushNotice(
          'error',
          `The PNG of the ${title} could not be made (${e instanceof Error ? e.message : String(e)}): download the SVG instead.`,
        ),
      );
  };
  return (
    <details className="chart-download">
      <summary aria-label={`Download the ${title}`}>Download</summary>
      <div className="chart-download-menu">
        <button type="button" className="btn" onClick={(e) => save('svg', e)}>
          <span className="visually-hidden">Download the {title} as </span>SVG
        </button>
        <button type="button" className="btn" onClick={(e) => save('png', e)}>
          <span className="visually-hidden">Download the {title} as </span>PNG
        </button>
      </div>
    </details>
  );
}
