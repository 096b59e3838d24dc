import { LESSONS, type Lesson } from '../lessons/lessons.ts';
import { OFFERED_METHODS } from '../core/methods.ts';
import { applyConfig, loadModel } from '../store/actions.ts';
import { setGlobalSparsity } from '../core/index.ts';
import { useApp } from '../store/index.ts';

async function openLesson(l: Lesson): Promise<void> {
  await loadModel(l.model, l.dataset);
  const s = useApp.getState();
  useApp.setState({ view: 'workbench', selectedLayer: l.layer });
  await applyConfig(setGlobalSparsity({ ...s.config, method: l.method }, l.globalSparsity));
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
