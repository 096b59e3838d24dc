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
import { takeEngineWorker } from './spawn.ts';

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
  /**
   * When given, `sets` and `setsModel` apply only if this returns true for the call's value (a
   * call that can refuse, e.g. an import, leaves the engine's model and weights as they were).
   */
  setsWhen?: (value: unknown) => boolean;
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

/** Starts the engine of a host: the object itself, or a new worker wrapped with comlink. */
function startEngine(
  host: EngineHost,
  emit: (e: ClientEvent) => void,
): { api: EngineApi; worker: Worker | null } {
  if (host.kind === 'direct') {
    host.engine.onEvent?.((e) => emit(e));
    return { api: host.engine, worker: null };
  }
  const w = host.create();
  w.addEventListener('error', (e) =>
    emit({ type: 'crashed', message: `The engine stopped: ${e.message}.` }),
  );
  const r: Remote<Engine> = wrap<Engine>(w);
  void r.onEvent(proxy((e: EngineEvent) => emit(e)));
  return { api: r as unknown as EngineApi, worker: w };
}

const rank = (p: Priority): number => PRIORITIES.indexOf(p);

/** The client: a priority queue in front of one engine, one request at a time. */
class Client implements EngineClient {
  private readonly listeners = new Set<(e: ClientEvent) => void>();
  private remote: EngineApi | null = null;
  private worker: Worker | null = null;
  private queue: Job[] = [];
  private running: Job | null = null;
  private versions = 0;
  private held: { model: string | null; weights: number } = { model: null, weights: 0 };

  constructor(private readonly host: EngineHost) {}

  private emit(e: ClientEvent): void {
    this.listeners.forEach((l) => l(e));
  }

  private engine(): EngineApi {
    if (!this.remote) {
      const { api, worker } = startEngine(this.host, (e) => this.emit(e));
      this.remote = api;
      this.worker = worker;
    }
    return this.remote;
  }

  /** Functions cannot cross to a worker as they are: comlink proxies them. */
  private bridge(args: unknown[]): unknown[] {
    if (this.host.kind === 'direct') return args;
    return args.map((a) => (typeof a === 'function' ? proxy(a) : a));
  }

  private nextJob(): Job | null {
    let best: Job | null = null;
    for (const j of this.queue) {
      const runnable = j.opts.needs === undefined || j.opts.needs === this.held.weights;
      if (runnable && (!best || rank(j.opts.priority) < rank(best.opts.priority))) best = j;
    }
    return best;
  }

  private async execute(job: Job): Promise<void> {
    const api = this.engine();
    const fn = api[job.method] as unknown as (...a: unknown[]) => unknown;
    try {
      // Reflect.apply, not fn.apply: on a comlink remote, `.apply` would be read as a remote
      // property and the arguments cloned as one array, unproxied (a callback cannot be cloned).
      const value = await Reflect.apply(fn, api, this.bridge(job.args));
      if (job.done) return;
      const applies = job.opts.setsWhen ? job.opts.setsWhen(value) : true;
      if (applies && job.opts.sets !== undefined)
        this.held = { ...this.held, weights: job.opts.sets };
      if (applies && job.opts.setsModel !== undefined)
        this.held = { ...this.held, model: job.opts.setsModel };
      job.done = true;
      job.resolve({ value, ...this.held, masks: job.opts.masks ?? 0 });
    } catch (e) {
      if (!job.done) {
        job.done = true;
        job.reject(e);
      }
    }
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.nextJob();
    if (!job) return;
    this.queue = this.queue.filter((j) => j !== job);
    this.running = job;
    try {
      await this.execute(job);
    } finally {
      if (this.running === job) this.running = null;
      void this.pump();
    }
  }

  private abort(job: Job): void {
    if (job.done) return;
    job.done = true;
    job.reject(new AbortedError());
    if (this.queue.includes(job)) this.queue = this.queue.filter((j) => j !== job);
    else if (this.running === job && job.opts.restartOnAbort && this.host.kind === 'worker')
      this.restart('A running request was cancelled.');
  }

  restart(reason: string): void {
    const dropped = [...this.queue, ...(this.running ? [this.running] : [])];
    this.queue = [];
    this.running = null;
    for (const j of dropped) {
      if (j.done) continue;
      j.done = true;
      j.reject(new AbortedError('The engine was restarted.'));
    }
    if (this.host.kind === 'worker') {
      this.worker?.terminate();
      this.worker = null;
      this.remote = null;
    }
    this.held = { model: null, weights: 0 };
    this.emit({ type: 'restarted', message: reason });
  }

  call<M extends EngineMethod>(
    method: M,
    args: ArgsOf<M>,
    opts: CallOptions,
  ): Promise<Stamped<ResultOf<M>>> {
    return new Promise<Stamped<ResultOf<M>>>((resolve, reject) => {
      const { signal } = opts;
      if (signal?.aborted) return reject(new AbortedError());
      const onAbort = (): void => this.abort(job);
      // A settled request lets go of its signal: one signal serves every request of a model's
      // weights (thousands over a session of slider steps), and a listener left behind would keep
      // its request's arguments (the masks) alive and run, in vain, when the signal aborts.
      const settled =
        <A>(f: (a: A) => void) =>
        (a: A): void => {
          signal?.removeEventListener('abort', onAbort);
          f(a);
        };
      const job: Job = {
        method,
        args: args as unknown[],
        opts,
        resolve: settled(resolve as (v: Stamped<unknown>) => void),
        reject: settled(reject),
        done: false,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.priority === 'immediate') return void this.execute(job);
      this.queue.push(job);
      void this.pump();
    });
  }

  async value<M extends EngineMethod>(
    method: M,
    priority: Priority,
    ...args: ArgsOf<M>
  ): Promise<ResultOf<M>> {
    return (await this.call(method, args, { priority })).value;
  }

  holds(): { model: string | null; weights: number } {
    return this.held;
  }

  nextVersion(): number {
    return ++this.versions;
  }

  pending(): number {
    return this.queue.length + (this.running && !this.running.done ? 1 : 0);
  }

  onEvent(listener: (e: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Creates the client over an engine host (an Engine API object, or a worker factory). */
export function createEngineClient(host: EngineHost): EngineClient {
  return new Client(host);
}

/** A client over the app's module worker (the one the page's entry started, else a new one). */
export function createWorkerClient(): EngineClient {
  return createEngineClient({
    kind: 'worker',
    create: takeEngineWorker,
  });
}
