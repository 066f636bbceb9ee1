import { classifyError } from './errors.js'

/** How the client retries and waits. Every value is in milliseconds except `retries`. */
export interface RetryTuning {
  /** A request (one attempt) that has not answered after this long is aborted and retried. */
  requestTimeoutMs: number
  /** Most retries of one request after server errors, dropped connections and timeouts. */
  retries: number
  /** First backoff step for server errors; it doubles each retry, with jitter. */
  retryBaseMs: number
  /** Least wait after a secondary rate limit that gave no `retry-after` (doubles each time). */
  secondaryWaitMs: number
  /** Longest single wait: a rate limit that would need more gives up (or stops at the reserve). */
  maxWaitMs: number
}

/** GitHub-appropriate defaults (GitHub's own API gives up on a request after 10 s). */
export const DEFAULT_TUNING: RetryTuning = {
  requestTimeoutMs: 30_000,
  retries: 5,
  retryBaseMs: 1_000,
  secondaryWaitMs: 60_000,
  maxWaitMs: 300_000
}

/** What to do about one failed attempt. */
export type RetryDecision =
  | { retry: false; reason: string }
  | { retry: true; waitMs: number; kind: 'transient' | 'secondary' | 'primary'; reason: string }

/** How many retries of each kind a request has had so far. */
export interface Attempts {
  transient: number
  rateLimited: number
}

/**
 * The retry algorithm, pure:
 * - 400, 401, 404, 409, 410, 422, 451 and a 403 that is not a rate limit: never retried.
 * - Rate limits (403/429): `retry-after` if present; else, when `x-ratelimit-remaining` is 0, until
 *   `x-ratelimit-reset` (+1 s); else `secondaryWaitMs` doubled per earlier rate-limit retry.
 * - 5xx, dropped connections and timeouts: `retry-after` if present, else `retryBaseMs × 2^n`
 *   with equal jitter (half fixed, half random).
 * Gives up after `retries` of either kind, or when the wait would exceed `maxWaitMs`.
 */
export function decideRetry(
  error: unknown,
  attempts: Attempts,
  tuning: RetryTuning,
  now: number,
  random: () => number = Math.random
): RetryDecision {
  const { kind, status, headers, hasResponse } = classifyError(error)
  const retryAfterMs = parseRetryAfter(headers['retry-after'], now)
  if (kind === 'primary-rate-limit' || kind === 'secondary-rate-limit') {
    if (attempts.rateLimited >= tuning.retries)
      return { retry: false, reason: `still rate limited after ${attempts.rateLimited} waits` }
    const waitMs =
      retryAfterMs ??
      (kind === 'primary-rate-limit'
        ? Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - now + 1000)
        : tuning.secondaryWaitMs * 2 ** attempts.rateLimited)
    const decided = kind === 'primary-rate-limit' ? 'primary' : 'secondary'
    return bounded(waitMs, decided, `rate limited (HTTP ${status})`, tuning)
  }
  if (kind !== 'transient') return { retry: false, reason: `HTTP ${status}` }
  if (attempts.transient >= tuning.retries)
    return { retry: false, reason: `gave up after ${attempts.transient} retries` }
  const waitMs = retryAfterMs ?? backoffMs(tuning.retryBaseMs, attempts.transient, random)
  return bounded(waitMs, 'transient', hasResponse ? `HTTP ${status}` : 'no response', tuning)
}

/**
 * Exponential backoff with equal jitter: `baseMs × 2^retry`, half of it fixed and half random.
 * The one backoff of the action (API retries and fresh download URLs alike).
 */
export function backoffMs(baseMs: number, retry: number, random: () => number): number {
  const step = baseMs * 2 ** retry
  return Math.round(step / 2 + (random() * step) / 2)
}

function bounded(
  waitMs: number,
  kind: 'transient' | 'secondary' | 'primary',
  reason: string,
  tuning: RetryTuning
): RetryDecision {
  if (waitMs > tuning.maxWaitMs) {
    return {
      retry: false,
      reason: `${reason}; retrying would mean waiting ${Math.ceil(waitMs / 1000)} s, more than the ${Math.ceil(tuning.maxWaitMs / 1000)} s allowed`
    }
  }
  return { retry: true, waitMs, kind, reason }
}

/** `retry-after` in ms: delta-seconds or an HTTP date; undefined when absent or junk. */
export function parseRetryAfter(
  value: string | number | undefined,
  now: number
): number | undefined {
  if (value === undefined || value === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(String(value))
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
