/**
 * FNV-1a 32-bit hash of bytes. The data manifest stores it, as 8 lowercase hex digits, for the
 * decoded payload of every file (pixels or labels after decompression and unfiltering), so a
 * check covers the file, the decompressor and the decoder at once.
 * @param bytes the bytes to hash.
 * @param hash a running hash to continue from (defaults to the FNV offset basis).
 * @returns the unsigned 32-bit hash.
 */
export function fnv1a32(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash >>> 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return h >>> 0;
}

/** Formats a 32-bit hash as 8 lowercase hex digits, the form used in the manifest. */
export function hashHex(hash: number): string {
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** FNV-1a 32 of the bytes of several typed arrays in order, as 8 hex digits. */
export function checksumOf(...arrays: (Uint8Array | Float32Array)[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    h = fnv1a32(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), h);
  }
  return hashHex(h);
}
