/**
 * The tfjs backends the app can run on, loaded on demand: webgl and wasm as separate chunks, webgpu
 * only where `navigator.gpu` gives a real adapter, cpu always (registered by tf.ts). `switchBackend`
 * makes one of them current; tensors made on another backend move over when an op reads them.
 */
import { installFastCpuKernels } from './cpu-kernels.ts';
import * as tf from './tf.ts';
import { installWasmKernels } from './wasm-kernels.ts';

/** A backend the app knows. */
export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

/** All of them, fastest-first as a default guess. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * Where the wasm backend finds its binaries: a directory URL or path ending in '/', or one URL per
 * file name ('tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm',
 * 'tfjs-backend-wasm-threaded-simd.wasm'). Null: the package's own default (works in Node).
 */
export type WasmPaths = string | Record<string, string> | null;

let wasmPaths: WasmPaths = null;
let wasmThreads = false;
const registered = new Map<BackendName, Promise<boolean>>();

/**
 * Sets where the wasm binaries are served from, and whether the threaded build may be used (only
 * when the page is cross-origin isolated). Call before the first switchBackend('wasm').
 */
export function configureWasm(paths: WasmPaths, threads = false): void {
  wasmPaths = paths;
  wasmThreads = threads;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean } } | null>;
}

/** True when the browser exposes WebGPU with a real (not fallback) adapter. */
export async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return false;
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter !== null && adapter.info?.isFallbackAdapter !== true;
}

async function register(name: BackendName): Promise<boolean> {
  switch (name) {
    case 'cpu':
      installFastCpuKernels();
      return true;
    case 'webgl':
      if (typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined') return false;
      await import('@tensorflow/tfjs-backend-webgl');
      return true;
    case 'webgpu':
      if (!(await hasWebGpuAdapter())) return false;
      await import('@tensorflow/tfjs-backend-webgpu');
      return true;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (wasmPaths !== null) wasm.setWasmPaths(wasmPaths as string);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', wasmThreads);
      installWasmKernels();
      return true;
    }
  }
}

/** Loads a backend's package (once) and says whether this environment can have it. */
export function registerBackend(name: BackendName): Promise<boolean> {
  let p = registered.get(name);
  if (!p) {
    p = register(name).catch(() => false);
    registered.set(name, p);
  }
  return p;
}

/**
 * Makes `name` the current tfjs backend, loading it first. Resolves false (the current backend
 * unchanged) when it cannot start here.
 */
export async function switchBackend(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  if (!(await registerBackend(name))) return false;
  const ok = await tf.setBackend(name).catch(() => false);
  return ok && tf.getBackend() === name;
}

/** Whether the current wasm backend uses SIMD and threads (flags tfjs resolved at start). */
export async function wasmFeatures(): Promise<{ simd: boolean; threads: boolean }> {
  const simd = await Promise.resolve(tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).catch(() => false);
  return { simd: Boolean(simd), threads: wasmThreads };
}

/** The WebGL context of the webgl backend, once started (whichever backend is current). */
export function webglContext(): WebGLRenderingContext | null {
  const backend = tf.findBackend('webgl') as unknown as
    { gpgpu?: { gl?: WebGLRenderingContext } } | undefined;
  return backend?.gpgpu?.gl ?? null;
}

/** The WebGL renderer string of the started webgl backend, or null without one. */
export function webglRendererString(): string | null {
  const gl = webglContext();
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** True for a software WebGL renderer (SwiftShader, llvmpipe, Microsoft Basic Render, ...). */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/**
 * The WebGL renderer string of this environment from a throwaway 1x1 context (released at once),
 * without loading the webgl backend: lets start-up look up a cached probe before choosing what to
 * start. Null without WebGL (or outside a browser).
 */
export function detectWebglRenderer(): string | null {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : null;
    const gl = (canvas?.getContext('webgl2') ??
      canvas?.getContext('webgl') ??
      null) as WebGLRenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

/** True in a browser page or worker (where WebGL and the wasm binaries' URLs can exist). */
export function inBrowser(): boolean {
  return typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined';
}
