import { type Clock, systemClock } from '../log.js'
import type { Reserve } from '../settings.js'
import { ReserveReachedError } from './errors.js'

/** A GITHUB_TOKEN's hourly limit: 1,000 requests shared by every workflow of the repository. */
export const GITHUB_TOKEN_HOURLY_LIMIT = 1000

/**
 * `rate-limit-reserve: auto`: half of a GITHUB_TOKEN's 1,000 (one clean-up must not starve the
 * repository's other workflows for the rest of the hour), a tenth of any larger budget.
 */
export function autoReservePercent(limit: number): number {
  return limit === GITHUB_TOKEN_HOURLY_LIMIT ? 50 : 10
}

/** How the budget waits. */
export interface BudgetOptions {
  clock?: Clock
  /**
   * At the reserve, wait for the window to reset when that is at most this far away (ms);
   * otherwise stop. Default 0: always stop.
   */
  maxWaitMs?: number
}

/**
 * The primary rate limit as the API responses tell it. The action stops starting new work when
 * `remaining` reaches the reserve, so the rest of the repository's workflows keep theirs.
 *
 * Responses arrive out of order when requests run concurrently: within one window (same reset)
 * the lowest `remaining` wins; a response of an older window is ignored; once the reset time has
 * passed the window is fresh and the budget is unknown until the next response.
 */
export class RateBudget {
  limit?: number
  remaining?: number
  /** When the window resets (ms since epoch). */
  resetAt?: number
  /** Requests sent that have not answered yet: they will spend budget too. */
  private inFlight = 0
  private readonly clock: Clock
  private readonly maxWaitMs: number

  constructor(
    private readonly reserve: Reserve,
    options: BudgetOptions = {}
  ) {
    this.clock = options.clock ?? systemClock
    this.maxWaitMs = options.maxWaitMs ?? 0
  }

  /** Records the rate-limit headers of a response. */
  observe(headers: Record<string, string | number | undefined>): void {
    const limit = Number(headers['x-ratelimit-limit'])
    const remaining = Number(headers['x-ratelimit-remaining'])
    const reset = Number(headers['x-ratelimit-reset'])
    const resetAt = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined
    if (resetAt !== undefined && this.resetAt !== undefined && resetAt < this.resetAt) return
    const sameWindow = resetAt === undefined || resetAt === this.resetAt
    if (Number.isFinite(limit) && limit > 0) this.limit = limit
    if (Number.isFinite(remaining) && headers['x-ratelimit-remaining'] !== '') {
      this.remaining =
        sameWindow && this.remaining !== undefined ? Math.min(this.remaining, remaining) : remaining
    }
    if (resetAt !== undefined) this.resetAt = resetAt
  }

  /** The number of requests to leave untouched. */
  reserveCount(): number {
    if (this.reserve.kind === 'count') return this.reserve.value
    if (this.limit === undefined) return 0
    const percent =
      this.reserve.kind === 'auto' ? autoReservePercent(this.limit) : this.reserve.value
    return Math.ceil((this.limit * percent) / 100)
  }

  /** Whether one more request may start without eating into the reserve. */
  canSpend(count = 1): boolean {
    if (this.remaining === undefined || this.windowHasReset()) return true
    return this.remaining - this.inFlight - count >= this.reserveCount()
  }

  /** At the reserve, and the window resets too late to wait for it: stop starting work. */
  shouldStop(): boolean {
    return !this.canSpend() && this.waitForResetMs() > this.maxWaitMs
  }

  /** The error that says so, with the numbers and the reset time. */
  reserveReached(): ReserveReachedError {
    return new ReserveReachedError(this.remaining, this.limit, this.reserveCount(), this.resetAt)
  }

  /** Marks a request as started; call the returned function when it has answered. */
  begin(): () => void {
    this.inFlight += 1
    let done = false
    return () => {
      if (!done) this.inFlight -= 1
      done = true
    }
  }

  /**
   * Waits until one more request may be sent, then marks it started (see begin). At the reserve it
   * waits for the reset if that is within `maxWaitMs`; otherwise it throws ReserveReachedError.
   */
  async acquire(): Promise<() => void> {
    while (!this.canSpend()) {
      const waitMs = this.waitForResetMs()
      if (waitMs > this.maxWaitMs) throw this.reserveReached()
      await this.clock.sleep(waitMs)
    }
    return this.begin()
  }

  /** Until one second after the reset (GitHub's advice), or Infinity when unknown. */
  private waitForResetMs(): number {
    if (this.resetAt === undefined) return Infinity
    return Math.max(0, this.resetAt + 1000 - this.clock.now())
  }

  private windowHasReset(): boolean {
    return this.resetAt !== undefined && this.clock.now() >= this.resetAt + 1000
  }
}
