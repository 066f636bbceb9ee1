import type { Clock } from '../log.js'

/**
 * Holds every request while a secondary rate limit is in force, and bounds how many are in flight.
 * GitHub asks clients not to send anything until `retry-after` has passed; this is where all
 * requests (not only the one that was limited) wait. The bound starts at `concurrency`, halves on
 * each secondary-limit signal (a concurrency cap is one of GitHub's secondary limits) and grows
 * back by one after each run of `concurrency` successes.
 */
export class Throttle {
  private limit: number
  private inFlight = 0
  private pausedUntil = 0
  private successes = 0
  private readonly waiters: (() => void)[] = []

  constructor(
    private readonly concurrency: number,
    private readonly clock: Clock
  ) {
    this.limit = concurrency
  }

  /** The current bound on requests in flight. */
  get currentLimit(): number {
    return this.limit
  }

  /** Resolves when a request may be sent (not paused, under the bound); pair with release. */
  async acquire(): Promise<void> {
    for (;;) {
      const waitMs = this.pausedUntil - this.clock.now()
      if (waitMs > 0) {
        await this.clock.sleep(waitMs)
        continue
      }
      if (this.inFlight < this.limit) {
        this.inFlight += 1
        return
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  /** A request answered (or failed); `ok` when it was not rate limited. */
  release(ok: boolean): void {
    this.inFlight -= 1
    if (ok && this.limit < this.concurrency && ++this.successes >= this.concurrency) {
      this.successes = 0
      this.limit += 1
    }
    this.wake()
  }

  /**
   * A secondary rate limit: send nothing for `waitMs`. The first signal of an episode halves the
   * bound; more signals while already paused (requests that were in flight) only extend the pause.
   * Returns whether this signal started a new episode.
   */
  pause(waitMs: number): boolean {
    const now = this.clock.now()
    const fresh = now >= this.pausedUntil
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs)
    if (fresh) {
      this.limit = Math.max(1, Math.floor(this.limit / 2))
      this.successes = 0
    }
    return fresh
  }

  private wake(): void {
    let free = this.limit - this.inFlight
    while (free-- > 0 && this.waiters.length > 0) this.waiters.shift()?.()
  }
}
