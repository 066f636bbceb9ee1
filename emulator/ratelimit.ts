/** GitHub's primary rate limit: a fixed window per token that starts at its first request. */
import type { RateLimitState } from './types.js'

interface Bucket {
  used: number
  windowStart: number
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number
  ) {}

  private bucket(key: string): Bucket {
    const now = this.now()
    let b = this.buckets.get(key)
    if (!b || now >= b.windowStart + this.windowMs) {
      b = { used: 0, windowStart: now }
      this.buckets.set(key, b)
    }
    return b
  }

  /** The state without counting a request (a fresh window would start now). */
  peek(key: string): RateLimitState {
    const now = this.now()
    const b = this.buckets.get(key)
    const live = b && now < b.windowStart + this.windowMs ? b : { used: 0, windowStart: now }
    return this.state(live)
  }

  /** Counts one request; allowed is false when the window's budget was already spent. */
  consume(key: string, enforce = true): { allowed: boolean; state: RateLimitState } {
    const b = this.bucket(key)
    if (b.used >= this.limit && enforce) return { allowed: false, state: this.state(b) }
    b.used = Math.min(b.used + 1, this.limit)
    return { allowed: true, state: this.state(b) }
  }

  private state(b: Bucket): RateLimitState {
    return {
      limit: this.limit,
      used: b.used,
      remaining: Math.max(0, this.limit - b.used),
      reset: Math.ceil((b.windowStart + this.windowMs) / 1000)
    }
  }
}

export function rateLimitHeaders(s: RateLimitState, resource = 'core'): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': resource
  }
}
