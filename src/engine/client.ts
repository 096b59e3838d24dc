/**
 * The one engine client on the main thread (after squoosh's worker bridge). It owns the engine —
 * a module Web Worker wrapped with comlink, or an `EngineApi` object directly (Node tests, scripts)
 * — and every call to it goes through `call`, generic over the methods of `EngineApi`:
 * - requests run one at a time, highest priority first (interactive preview > full evaluation >
 *   experiments > latency); 'immediate' calls (pause, resume, cancel) bypass the queue;
 * - any request can be aborted with an AbortSignal: a queued one is dropped; a running one is
 *   abandoned (its result discarded), and with `restartOnAbort` on a worker the worker is
 *   terminated and a fresh one started (the 'restarted' event tells the owner to restore state);
 * - every result is stamped with the model the engine held, the weights version it ran on and the
 *   caller's masks version, so the caller can drop a result for an old model or old masks.
 * Weights versions are the caller's: a call that changes the engine's weights says which version
 * it leaves (`sets`), and a call that needs particular weights waits until the engine holds them
 * (`needs`), so an experiment's borrowed weights never answer a workbench preview.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { EngineApi } from './api.ts';
import type { Engine, EngineEvent } from './engine.ts';

/** Request priorities, most urgent first. */
export const PRIORITIES = ['immediate', 'interactive', 'full', 'experiment', 'latency'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Any method of the Engine API. */
export type EngineMethod = keyof EngineApi;
type Fn<M extends EngineMethod> = EngineApi[M] extends (...args: infer A) => infer R
  ? { args: A; result: Awaited<R> }
  : never;
/** Arguments of an Engine API method. */
export type ArgsOf<M extends EngineMethod> = Fn<M>['args'];
/** Resolved result of an Engine API method. */
export type ResultOf<M extends EngineMethod> = Fn<M>['result'];

/** How a request is run and stamped. */
export interface CallOptions {
  priority: Priority;
  signal?: AbortSignal;
  /** Wait in the queue until the engine holds this weights version. */
  needs?: number;
  /** The weights version the engine holds once this call succeeds. */
  sets?: number;
  /** The model the engine holds once this call succeeds. */
  setsModel?: string;
  /** The caller's masks (or setup) version, copied onto the result. */
  masks?: number;
  /** On a worker, aborting this request while it runs restarts the worker. */
  restartOnAbort?: boolean;
}

/** A result with what it belongs to. */
export interface Stamped<T> {
  value: T;
  /** Model the engine held when the call ran (after it, for a call that `sets` one). */
  model: string | null;
  /** Weights version the call ran on (the new one for a call that `sets`). */
  weights: number;
  /** The caller's masks version from the options (0 when not given). */
  masks: number;
}

/** Thrown (rejected) when a request was aborted or its engine restarted. */
export class AbortedError extends Error {
  constructor(message = 'The request was cancelled.') {
    super(message);
    this.name = 'AbortedError';
  }
}

/** True for an AbortedError. */
export function isAborted(e: unknown): e is AbortedError {
  return e instanceof AbortedError;
}

/** Events: the engine's own (lost context, crash) and 'restarted' after an abort restart. */
export type ClientEvent = EngineEvent | { type: 'restarted'; message: string };

interface Job {
  method: EngineMethod;
  args: unknown[];
  opts: CallOptions;
  resolve(v: Stamped<unknown>): void;
  reject(e: unknown): void;
  done: boolean;
}

/** Where the engine lives: an object in this thread, or a worker the client can restart. */
export type EngineHost =
  | { kind: 'direct'; engine: EngineApi & Partial<Pick<Engine, 'onEvent'>> }
  | { kind: 'worker'; create: () => Worker };

/** The client's public face. */
export interface EngineClient {
  /** Calls an Engine API method with a priority; resolves with the stamped result. */
  call<M extends EngineMethod>(
    method: M,
    args: ArgsOf<M>,
    opts: CallOptions,
  ): Promise<Stamped<ResultOf<M>>>;
  /** The same, resolving with the bare value. */
  value<M extends EngineMethod>(
    method: M,
    priority: Priority,
    ...args: ArgsOf<M>
  ): Promise<ResultOf<M>>;
  /** Model and weights version the engine holds now. */
  holds(): { model: string | null; weights: number };
  /** A fresh weights version, never handed out before. */
  nextVersion(): number;
  /** Requests queued or running. */
  pending(): number;
  /** Listens for engine events; returns the unsubscribe function. */
  onEvent(listener: (e: ClientEvent) => void): () => void;
  /** Drops every queued request and the running one (restarting a worker). */
  restart(reason: string): void;
}

/** Creates the client over an engine host. */
export function createEngineClient(host: EngineHost): EngineClient {
  const listeners = new Set<(e: ClientEvent) => void>();
  const emit = (e: ClientEvent): void => listeners.forEach((l) => l(e));
  let remote: EngineApi | null = null;
  let worker: Worker | null = null;
  let queue: Job[] = [];
  let running: Job | null = null;
  let versions = 0;
  let held: { model: string | null; weights: number } = { model: null, weights: 0 };

  function engine(): EngineApi {
    if (remote) return remote;
    if (host.kind === 'direct') {
      host.engine.onEvent?.((e) => emit(e));
      remote = host.engine;
      return remote;
    }
    const w = host.create();
    w.addEventListener('error', (e) =>
      emit({ type: 'crashed', message: `The engine stopped: ${e.message}.` }),
    );
    const r: Remote<Engine> = wrap<Engine>(w);
    void r.onEvent(proxy((e: EngineEvent) => emit(e)));
    worker = w;
    remote = r as unknown as EngineApi;
    return remote;
  }

  /** Functions cannot cross to a worker as they are: comlink proxies them. */
  function bridge(args: unknown[]): unknown[] {
    if (host.kind === 'direct') return args;
    return args.map((a) => (typeof a === 'function' ? proxy(a) : a));
  }

  function rank(p: Priority): number {
    return PRIORITIES.indexOf(p);
  }

  function runnable(j: Job): boolean {
    return j.opts.needs === undefined || j.opts.needs === held.weights;
  }

  function nextJob(): Job | null {
    let best: Job | null = null;
    for (const j of queue)
      if (runnable(j) && (!best || rank(j.opts.priority) < rank(best.opts.priority))) best = j;
    return best;
  }

  async function execute(job: Job): Promise<void> {
    const fn = engine()[job.method] as unknown as (...a: unknown[]) => unknown;
    try {
      const value = await fn.apply(remote, bridge(job.args));
      if (job.done) return;
      if (job.opts.sets !== undefined) held = { ...held, weights: job.opts.sets };
      if (job.opts.setsModel !== undefined) held = { ...held, model: job.opts.setsModel };
      job.done = true;
      job.resolve({ value, ...held, masks: job.opts.masks ?? 0 });
    } catch (e) {
      if (!job.done) {
        job.done = true;
        job.reject(e);
      }
    }
  }

  async function pump(): Promise<void> {
    if (running) return;
    const job = nextJob();
    if (!job) return;
    queue = queue.filter((j) => j !== job);
    running = job;
    try {
      await execute(job);
    } finally {
      if (running === job) running = null;
      void pump();
    }
  }

  function abort(job: Job): void {
    if (job.done) return;
    job.done = true;
    job.reject(new AbortedError());
    if (queue.includes(job)) {
      queue = queue.filter((j) => j !== job);
      return;
    }
    if (running === job && job.opts.restartOnAbort && host.kind === 'worker') {
      restart('A running request was cancelled.');
    }
  }

  function restart(reason: string): void {
    const dropped = [...queue, ...(running ? [running] : [])];
    queue = [];
    running = null;
    for (const j of dropped) {
      if (!j.done) {
        j.done = true;
        j.reject(new AbortedError('The engine was restarted.'));
      }
    }
    if (host.kind === 'worker') {
      worker?.terminate();
      worker = null;
      remote = null;
    }
    held = { model: null, weights: 0 };
    emit({ type: 'restarted', message: reason });
  }

  function call<M extends EngineMethod>(
    method: M,
    args: ArgsOf<M>,
    opts: CallOptions,
  ): Promise<Stamped<ResultOf<M>>> {
    return new Promise<Stamped<ResultOf<M>>>((resolve, reject) => {
      const job: Job = {
        method,
        args: args as unknown[],
        opts,
        resolve: resolve as (v: Stamped<unknown>) => void,
        reject,
        done: false,
      };
      if (opts.signal?.aborted) {
        reject(new AbortedError());
        return;
      }
      opts.signal?.addEventListener('abort', () => abort(job), { once: true });
      if (opts.priority === 'immediate') {
        void execute(job);
        return;
      }
      queue.push(job);
      void pump();
    });
  }

  return {
    call,
    async value(method, priority, ...args) {
      return (await call(method, args, { priority })).value;
    },
    holds: () => held,
    nextVersion: () => ++versions,
    pending: () => queue.length + (running && !running.done ? 1 : 0),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restart,
  };
}

/** A client over the app's module worker (started on the first call). */
export function createWorkerClient(): EngineClient {
  return createEngineClient({
    kind: 'worker',
    create: () =>
      new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'engine' }),
  });
}
