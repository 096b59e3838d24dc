import { useId, useRef, useState } from 'react';
import { useApp } from '../store/index.ts';
import {
  cancelTraining,
  pauseTraining,
  resumeTraining,
  setTrainOptions,
  startTraining,
} from '../store/actions.ts';
import { acceptRestoreOffer, dismissRestoreOffer, undoTraining } from '../store/snapshots.ts';
import { LossSparkline } from './LossSparkline.tsx';
import { useExperiments } from '../store/experiments.ts';
import { useKeepFocusAboveBar } from './useKeepFocusAboveBar.ts';
import { Tip } from './Tip.tsx';

function fmtTime(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Fine-tune the pruned model (masks held) or train from scratch; play / pause / cancel; progress. */
export function TrainingBar() {
  const status = useApp((s) => s.trainStatus);
  const ready = useTrainReady();
  const running = status !== 'idle';
  const bar = useRef<HTMLElement>(null);
  useKeepFocusAboveBar(bar);
  // On a narrow screen the options fold behind a button, and an idle bar shows no progress line.
  const [open, setOpen] = useState(false);
  const optionsId = useId();
  return (
    <footer className="trainbar" aria-label="Training" ref={bar} data-running={running}>
      <strong>Training</strong>
      <RunButtons status={status} ready={ready} />
      {status === 'idle' && <RestoreOffer ready={ready} />}
      <button
        className="btn trainbar-more"
        aria-expanded={open}
        aria-controls={optionsId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Fewer options' : 'Options'}
      </button>
      <div className="trainbar-options" id={optionsId} data-open={open}>
        <TrainOptions running={running} />
      </div>
      <TrainProgress running={running} />
      <LossSparkline />
    </footer>
  );
}

/** True when a training run may start: the model is ready and no experiment holds the engine. */
function useTrainReady(): boolean {
  const experimentRunning = useExperiments((s) => s.job !== null);
  return useApp((s) => s.status === 'ready') && !experimentRunning;
}

type TrainStatus = ReturnType<typeof useApp.getState>['trainStatus'];

/** Mode picker and the run buttons for the current training status. */
function RunButtons({ status, ready }: { status: TrainStatus; ready: boolean }) {
  const mode = useApp((s) => s.trainMode);
  const canUndo = useApp((s) => s.lastRun !== null);
  const running = status !== 'idle';
  return (
    <>
      <select
        className="select"
        aria-label="Training mode"
        value={mode}
        disabled={running}
        onChange={(e) => setTrainOptions({ trainMode: e.target.value as 'finetune' | 'scratch' })}
      >
        <option value="finetune">Fine-tune pruned model</option>
        <option value="scratch">Train from scratch</option>
      </select>
      {status === 'idle' && (
        <button className="btn primary" onClick={() => void startTraining()} disabled={!ready}>
          ▶ {mode === 'finetune' ? 'Fine-tune' : 'Train'}
        </button>
      )}
      {status === 'idle' && (
        <Tip text="Train on one batch, then stop">
          <button className="btn" onClick={() => void startTraining(1)} disabled={!ready}>
            Step
          </button>
        </Tip>
      )}
      {status === 'running' && (
        <button className="btn" onClick={pauseTraining}>
          ❚❚ Pause
        </button>
      )}
      {status === 'paused' && (
        <button className="btn primary" onClick={resumeTraining}>
          ▶ Resume
        </button>
      )}
      {running && (
        <button className="btn" onClick={cancelTraining}>
          ■ Cancel
        </button>
      )}
      {status === 'idle' && canUndo && (
        <Tip text="Bring back the weights from before the last run; the pruning setup stays">
          <button className="btn" onClick={() => void undoTraining()} disabled={!ready}>
            ↶ Undo training
          </button>
        </Tip>
      )}
    </>
  );
}

/** The offer to restore weights of an earlier run kept in this browser. */
function RestoreOffer({ ready }: { ready: boolean }) {
  const offer = useApp((s) => s.restoreOffer);
  if (!offer) return null;
  return (
    <span className="restore-offer" role="status" data-testid="restore-offer">
      Weights of an earlier training run ({offer.label}) were kept in this browser.{' '}
      <button className="btn" onClick={() => void acceptRestoreOffer()} disabled={!ready}>
        Restore them
      </button>{' '}
      <button className="btn" onClick={dismissRestoreOffer}>
        Keep the checkpoint
      </button>
    </span>
  );
}

/** Epochs, learning rate and batch size of the next run. */
function TrainOptions({ running }: { running: boolean }) {
  const epochs = useApp((s) => s.epochs);
  const lr = useApp((s) => s.learningRate);
  const batch = useApp((s) => s.batchSize);
  return (
    <>
      <label className="field">
        epochs
        <input
          type="number"
          min={1}
          max={50}
          value={epochs}
          disabled={running}
          aria-label="Epochs"
          onChange={(e) =>
            setTrainOptions({
              epochs: Math.max(1, Math.min(50, Math.round(Number(e.target.value) || 1))),
            })
          }
        />
      </label>
      <label className="field">
        learning rate
        <Tip text="Any positive number; 1e-3 is a good start">
          <input
            className="select"
            aria-label="Learning rate"
            list="learning-rates"
            inputMode="decimal"
            size={7}
            defaultValue={lr}
            disabled={running}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v) && v > 0) setTrainOptions({ learningRate: v });
            }}
          />
        </Tip>
        <datalist id="learning-rates">
          {[1e-4, 3e-4, 1e-3, 3e-3, 1e-2].map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      </label>
      <label className="field">
        batch
        <select
          className="select"
          aria-label="Batch size"
          value={batch}
          disabled={running}
          onChange={(e) => setTrainOptions({ batchSize: Number(e.target.value) })}
        >
          {[16, 32, 64, 128, 256].map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Progress bar and the status line of the current run. */
function TrainProgress({ running }: { running: boolean }) {
  const progress = useApp((s) => s.progress);
  const frac = progress ? progress.done / Math.max(1, progress.total) : 0;
  return (
    <>
      <div
        className="progress"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(frac * 100)}
      >
        <div style={{ width: `${frac * 100}%` }} />
      </div>
      <span className="mono" style={{ fontSize: 13, flex: '1 1 280px' }} data-testid="train-status">
        {progress
          ? `${Math.round(frac * 100)}% · epoch ${progress.epoch + 1}/${progress.epochs} · ${Math.round(progress.examplesPerSec)} ex/s · ${fmtTime(progress.etaSec)} left · loss ${progress.loss.toFixed(3)}`
          : running
            ? 'starting (the first batch compiles shaders)…'
            : 'masks are held: pruned weights stay zero'}
      </span>
    </>
  );
}
