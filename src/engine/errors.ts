/**
 * Typed errors of the engine. `message` is for a visitor and names an action a visitor can take;
 * `detail` is for developers and logs (it may quote build commands). Plain data crosses the worker
 * boundary: comlink rebuilds a thrown Error on the page with name and message only, so the code is
 * also carried at the start of the name ('EngineError:<code>'); `engineErrorCode` reads it back.
 */

/** What went wrong. */
export type EngineErrorCode =
  | 'no-model' // a call that needs a model came before load()
  | 'checkpoint' // the pretrained checkpoint could not be read (network, missing or damaged file)
  | 'non-finite-weights' // weights holding NaN or ±Infinity were refused; the current model stays
  | 'context-lost'; // the WebGL context was lost: restart the worker and set the last snapshot

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  /** For developers: the underlying cause in full. */
  readonly detail: string;
  /** The tensor to blame, when one is (code 'non-finite-weights'). */
  readonly tensor: string | undefined;

  constructor(
    code: EngineErrorCode,
    message: string,
    opts: { detail?: string; tensor?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = `EngineError:${code}`;
    this.code = code;
    this.detail = opts.detail ?? message;
    this.tensor = opts.tensor;
  }
}

const CODES: readonly EngineErrorCode[] = [
  'no-model',
  'checkpoint',
  'non-finite-weights',
  'context-lost',
];

/**
 * The EngineErrorCode of an error thrown by the engine, here or after crossing the worker boundary
 * (where only name and message survive), or null for any other error.
 */
export function engineErrorCode(e: unknown): EngineErrorCode | null {
  if (e instanceof EngineError) return e.code;
  if (!(e instanceof Error) || !e.name.startsWith('EngineError:')) return null;
  const code = e.name.slice('EngineError:'.length) as EngineErrorCode;
  return CODES.includes(code) ? code : null;
}
