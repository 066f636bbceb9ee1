/** A small seeded PRNG (mulberry32) and helpers. Deterministic; never uses Math.random. */

export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer in [min, max] (both inclusive) */
  int(min: number, max: number): number
  /** true with probability p */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** pick by weight; weights need not sum to 1 */
  weighted<T>(items: readonly (readonly [T, number])[]): T
  /** n lowercase hex digits */
  hex(n: number): string
  /** fill a buffer with pseudo-random bytes */
  bytes(n: number): Buffer
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEX = '0123456789abcdef'

export function createRng(seed: number): Rng {
  const next = mulberry32(seed)
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p: number): boolean => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let r = next() * total
      for (const [item, w] of items) {
        r -= w
        if (r < 0) return item
      }
      return items[items.length - 1][0]
    },
    hex: (n: number): string => {
      let s = ''
      for (let i = 0; i < n; i++) s += HEX[Math.floor(next() * 16)]
      return s
    },
    bytes: (n: number): Buffer => {
      const buf = Buffer.allocUnsafe(n)
      let i = 0
      for (; i + 4 <= n; i += 4) buf.writeUInt32LE(Math.floor(next() * 4294967296), i)
      for (; i < n; i++) buf[i] = Math.floor(next() * 256)
      return buf
    }
  }
}
