import { LESSONS, type Lesson } from '../lessons/lessons.ts';
import { OFFERED_METHODS } from '../core/methods.ts';
import { applySetup } from '../store/actions.ts';
import { useApp } from '../store/index.ts';

/** Opens a lesson's scene on the workbench as one undoable step. */
async function openLesson(l: Lesson): Promise<void> {
  useApp.setState({ view: 'workbench', selectedLayer: l.layer });
  const { seed } = useApp.getState().config;
  await applySetup({
    modelId: l.model,
    datasetId: l.dataset,
    config: { method: l.method, globalSparsity: l.globalSparsity, layers: {}, seed },
  });
}

/** Guided lessons: each sets the scene on the workbench with one click. */
export function Lessons() {
  return (
    <div
      style={{
        padding: '12px 16px',
        display: 'grid',
        gap: 12,
        gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
      }}
    >
      {LESSONS.map((l) => (
        <article key={l.id} className="panel">
          <h2>{l.title}</h2>
          <p>{l.intro}</p>
          <ul className="explain">
            {l.tryThis.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          <button className="btn primary" onClick={() => void openLesson(l)}>
            Open this lesson
          </button>
        </article>
      ))}
      <article className="panel">
        <h2>The methods</h2>
        <dl>
          {OFFERED_METHODS.map((m) => (
            <div key={m.id} style={{ marginBottom: 8 }}>
              <dt style={{ fontWeight: 650 }}>{m.label}</dt>
              <dd className="explain" style={{ margin: 0 }}>
                {m.long}
              </dd>
            </div>
          ))}
        </dl>
      </article>
    </div>
  );
}
