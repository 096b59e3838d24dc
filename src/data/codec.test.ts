import { describe, expect, it } from 'vitest';
import { checksumOf, fnv1a32, hashHex } from './checksum.ts';
import { decodeMedCtx, encodeMedCtx, gunzip, isGzip } from './codec.ts';
import { mulberry32 } from './random.ts';

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Images with smooth blobs on a zero background plus a few random ones. */
function testImages(count: number, seed: number): Uint8Array<ArrayBuffer> {
  const rng = mulberry32(seed);
  const out = new Uint8Array(count * 784);
  for (let n = 0; n < count; n++) {
    const random = n % 5 === 0;
    const cx = 6 + rng() * 16;
    const cy = 6 + rng() * 16;
    for (let i = 0; i < 784; i++) {
      const x = i % 28;
      const y = Math.floor(i / 28);
      const r = Math.hypot(x - cx, y - cy);
      out[n * 784 + i] = random
        ? Math.floor(rng() * 256)
        : r < 8
          ? Math.min(255, Math.round(255 - r * 20 + rng() * 10))
          : 0;
    }
  }
  return out;
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32 test vectors', () => {
    const enc = new TextEncoder();
    expect(hashHex(fnv1a32(enc.encode('')))).toBe('811c9dc5');
    expect(hashHex(fnv1a32(enc.encode('a')))).toBe('e40c292c');
    expect(hashHex(fnv1a32(enc.encode('foobar')))).toBe('bf9cf968');
  });

  it('continues a running hash across chunks and over float arrays', () => {
    const bytes = new TextEncoder().encode('foobar');
    expect(fnv1a32(bytes.subarray(3), fnv1a32(bytes.subarray(0, 3)))).toBe(fnv1a32(bytes));
    const f = new Float32Array([1.5, -2]);
    expect(checksumOf(f)).toBe(hashHex(fnv1a32(new Uint8Array(f.buffer))));
  });
});

describe('med-ctx filter', () => {
  it('round-trips smooth and random images exactly', () => {
    const images = testImages(60, 3);
    const payload = encodeMedCtx(images, 60, 28, 28);
    expect(payload.length).toBe(4 + 4 * 128 + images.length);
    expect(decodeMedCtx(payload, 60, 28, 28)).toEqual(images);
  });

  it('round-trips non-square images', () => {
    const rng = mulberry32(9);
    const images = Uint8Array.from({ length: 3 * 5 * 7 }, () => Math.floor(rng() * 256));
    expect(decodeMedCtx(encodeMedCtx(images, 3, 7, 5), 3, 7, 5)).toEqual(images);
  });

  it('makes smooth images more compressible than raw bytes', async () => {
    const images = testImages(200, 5).map((v, i) => (Math.floor(i / 784) % 5 === 0 ? 0 : v));
    const raw = (await gzip(images)).length;
    const filtered = (await gzip(new Uint8Array(encodeMedCtx(images, 200, 28, 28)))).length;
    expect(filtered).toBeLessThan(raw);
  });

  it('rejects a payload that does not fit the shape', () => {
    const payload = encodeMedCtx(testImages(2, 1), 2, 28, 28);
    expect(() => decodeMedCtx(payload, 3, 28, 28)).toThrow(/does not hold/);
    const bad = payload.slice();
    new DataView(bad.buffer).setUint32(8, 5, true);
    expect(() => decodeMedCtx(bad, 2, 28, 28)).toThrow(/do not add up/);
  });
});

describe('gunzip', () => {
  it('reverses gzip and fails on a cut stream', async () => {
    const data = testImages(3, 2);
    const z = await gzip(data);
    expect(isGzip(z)).toBe(true);
    expect(isGzip(data)).toBe(false);
    expect(await gunzip(z)).toEqual(data);
    await expect(gunzip(z.slice(0, z.length - 20))).rejects.toThrow();
  });
});
