/**
 * Deterministic randomness for the fleet: everything about a function is a hash of the seed,
 * its index and what is being decided, so nothing but a few small tables is kept and every
 * run with the same seed answers the same.
 */

/** FNV-1a of a string, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finalizer: spreads every input bit over the output. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) decided by the seed, a function's index and what it decides (`field`). */
export function unitHash(seed: number, index: number, field: string): number {
  const h = mix(
    fnv1a(field) ^ mix(seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b1),
  );
  return h / 4_294_967_296;
}

/** An integer in [0, n) decided like {@link unitHash}. */
export function pick(
  seed: number,
  index: number,
  field: string,
  n: number,
): number {
  return Math.floor(unitHash(seed, index, field) * n);
}

/** The indices 0 … size−1 in an order decided by the seed and `stream` (Fisher–Yates). */
export function shuffledIndices(
  size: number,
  seed: number,
  stream: string,
): Uint32Array {
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  for (let i = size - 1; i > 0; i--) {
    const j = pick(seed, i, stream, i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** Splits `total` into whole parts proportional to `weights` (largest remainders). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map(weight => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]++;
    left--;
  }
  return parts;
}
