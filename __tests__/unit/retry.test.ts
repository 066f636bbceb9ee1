import { describe, expect, it } from '@jest/globals'
import { DEFAULT_TUNING, decideRetry, parseRetryAfter } from '../../src/github/retry.js'
import {
  httpError,
  permissionDenied,
  primaryRateLimited,
  secondaryRateLimited,
  serverError
} from '../../__fixtures__/http-error.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const fresh = { transient: 0, rateLimited: 0 }
const half = (): number => 0.5

describe('decideRetry', () => {
  it.each([400, 401, 404, 409, 410, 422, 451])('never retries %d', (status) => {
    expect(decideRetry(httpError(status, 'no'), fresh, DEFAULT_TUNING, NOW).retry).toBe(false)
  })

  it('never retries a 403 that is not a rate limit (missing permission)', () => {
    expect(decideRetry(permissionDenied(), fresh, DEFAULT_TUNING, NOW).retry).toBe(false)
  })

  it.each([500, 502, 503, 504])(
    'retries %d with exponential backoff and equal jitter',
    (status) => {
      const waits = [0, 1, 2, 3].map((n) => {
        const d = decideRetry(
          serverError(status),
          { transient: n, rateLimited: 0 },
          DEFAULT_TUNING,
          NOW,
          half
        )
        return d.retry ? d.waitMs : -1
      })
      // base 1000 × 2^n, half fixed and half random (0.5 here): 0.75 × step
      expect(waits).toEqual([750, 1500, 3000, 6000])
    }
  )

  it('jitter stays within [step/2, step]', () => {
    const low = decideRetry(serverError(), fresh, DEFAULT_TUNING, NOW, () => 0)
    const high = decideRetry(serverError(), fresh, DEFAULT_TUNING, NOW, () => 0.999999)
    expect(low).toMatchObject({ retry: true, waitMs: 500 })
    expect(high).toMatchObject({ retry: true, waitMs: 1000 })
  })

  it('retries a dropped connection or a timeout (no response)', () => {
    const dropped = Object.assign(new Error('other side closed'), { status: 500 })
    expect(decideRetry(dropped, fresh, DEFAULT_TUNING, NOW, half)).toMatchObject({
      retry: true,
      kind: 'transient'
    })
  })

  it('gives up after `retries` server errors', () => {
    const d = decideRetry(serverError(), { transient: 5, rateLimited: 0 }, DEFAULT_TUNING, NOW)
    expect(d.retry).toBe(false)
  })

  it('a 5xx with retry-after waits what it says', () => {
    const error = httpError(503, 'busy', { 'retry-after': '7' })
    expect(decideRetry(error, fresh, DEFAULT_TUNING, NOW)).toMatchObject({
      retry: true,
      waitMs: 7000
    })
  })

  it('secondary limit with retry-after: waits exactly that', () => {
    expect(decideRetry(secondaryRateLimited(), fresh, DEFAULT_TUNING, NOW)).toMatchObject({
      retry: true,
      kind: 'secondary',
      waitMs: 60_000
    })
  })

  it('secondary limit without retry-after: at least a minute, doubling', () => {
    const error = httpError(403, 'You have exceeded a secondary rate limit.')
    const waits = [0, 1, 2].map((n) => {
      const d = decideRetry(error, { transient: 0, rateLimited: n }, DEFAULT_TUNING, NOW)
      return d.retry ? d.waitMs : -1
    })
    expect(waits).toEqual([60_000, 120_000, 240_000])
    // 480 s is more than the 300 s bound: give up.
    expect(decideRetry(error, { transient: 0, rateLimited: 3 }, DEFAULT_TUNING, NOW).retry).toBe(
      false
    )
  })

  it('429 is a rate limit even without the words', () => {
    expect(
      decideRetry(httpError(429, 'Too Many Requests'), fresh, DEFAULT_TUNING, NOW)
    ).toMatchObject({ retry: true, kind: 'secondary', waitMs: 60_000 })
  })

  it('primary limit (remaining 0): waits for x-ratelimit-reset plus a second', () => {
    const reset = NOW / 1000 + 90
    expect(decideRetry(primaryRateLimited(reset), fresh, DEFAULT_TUNING, NOW)).toMatchObject({
      retry: true,
      kind: 'primary',
      waitMs: 91_000
    })
  })

  it('primary limit resetting beyond the bound: gives up and says why', () => {
    const d = decideRetry(primaryRateLimited(NOW / 1000 + 3600), fresh, DEFAULT_TUNING, NOW)
    expect(d.retry).toBe(false)
    expect(d.reason).toMatch(/3601 s, more than the 300 s allowed/)
  })

  it('gives up after `retries` rate-limit waits', () => {
    const d = decideRetry(
      secondaryRateLimited(),
      { transient: 0, rateLimited: 5 },
      DEFAULT_TUNING,
      NOW
    )
    expect(d.retry).toBe(false)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000)
    expect(parseRetryAfter(0, NOW)).toBe(0)
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000)
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0)
  })

  it('ignores absent and junk values', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined()
    expect(parseRetryAfter('', NOW)).toBeUndefined()
    expect(parseRetryAfter('soon', NOW)).toBeUndefined()
  })
})
