import type { Reserve } from '../settings.js'

/**
 * The primary rate limit as the last API response told it. The action stops starting new work
 * when `remaining` reaches the reserve, so the rest of the repository's workflows keep theirs.
 */
export class RateBudget {
  limit?: number
  remaining?: number
  /** When the window resets (ms since epoch). */
  resetAt?: number
  /** Requests sent that have not answered yet: they will spend budget too. */
  private inFlight = 0

  constructor(private readonly reserve: Reserve) {}

  /** Records the rate-limit headers of a response. */
  observe(headers: Record<string, string | number | undefined>): void {
    const limit = Number(headers['x-ratelimit-limit'])
    const remaining = Number(headers['x-ratelimit-remaining'])
    const reset = Number(headers['x-ratelimit-reset'])
    if (Number.isFinite(limit) && limit > 0) this.limit = limit
    if (Number.isFinite(remaining)) this.remaining = remaining
    if (Number.isFinite(reset) && reset > 0) this.resetAt = reset * 1000
  }

  /** The number of requests to leave untouched. */
  reserveCount(): number {
    if (this.reserve.kind === 'count') return this.reserve.value
    return this.limit === undefined ? 0 : Math.ceil((this.limit * this.reserve.value) / 100)
  }

  /** Whether one more request may start without eating into the reserve. */
  canSpend(count = 1): boolean {
    if (this.remaining === undefined) return true
    return this.remaining - this.inFlight - count >= this.reserveCount()
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
}
