import type { Clock } from '../log.js'

/** The slowest pace a slowed-down pacer goes to (starts per minute). */
const FLOOR_PER_MINUTE = 6

/**
 * Spaces request starts evenly: at most `perMinute` a minute (0 = no pacing). GitHub's secondary
 * limit allows 900 points a minute per endpoint and a DELETE costs 5, so 180 a minute at most.
 *
 * Adaptive (AIMD): a secondary-limit signal halves the pace (down to 6 a minute; an unpaced pacer
 * starts pacing at half the rate it was going at); then every run of successes worth about
 * five seconds at the current pace (at least 10) raises it by a tenth of the configured pace (or of the
 * current one when unpaced), back up to the configured pace.
 */
export class Pacer {
  private nextAt = 0
  /** Current pace in starts per minute; 0 = unpaced. */
  private rate: number
  private successes = 0
  /** Start times of the last minute, to know the real rate when unpaced. */
  private readonly recent: number[] = []

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock
  ) {
    this.rate = perMinute
  }

  /** The current pace in starts per minute (0 = unpaced). */
  get currentPerMinute(): number {
    return this.rate
  }

  /** Resolves when the next request may start. */
  async next(): Promise<void> {
    const now = this.clock.now()
    this.remember(now)
    if (this.rate === 0) return
    const at = Math.max(now, this.nextAt)
    this.nextAt = at + 60_000 / this.rate
    if (at > now) await this.clock.sleep(at - now)
  }

  /** A secondary rate limit answered: halve the pace. */
  slowDown(): void {
    this.successes = 0
    const going = this.rate === 0 ? this.observedPerMinute() : this.rate
    this.rate = Math.max(Math.min(FLOOR_PER_MINUTE, going), Math.floor(going / 2))
    // The next start waits a whole interval of the new pace.
    this.nextAt = Math.max(this.nextAt, this.clock.now() + 60_000 / this.rate)
  }

  /** A paced request succeeded: after enough of them, go back up toward the configured pace. */
  succeeded(): void {
    if (this.rate === this.perMinute) return
    this.successes += 1
    if (this.successes < Math.max(10, this.rate / 12)) return
    this.successes = 0
    const step = Math.max(1, Math.ceil((this.perMinute || this.rate) / 10))
    const raised = this.rate + step
    this.rate = this.perMinute > 0 && raised >= this.perMinute ? this.perMinute : raised
  }

  private remember(now: number): void {
    this.recent.push(now)
    while (this.recent.length > 0 && this.recent[0] < now - 60_000) this.recent.shift()
  }

  private observedPerMinute(): number {
    const span = Math.max(1000, this.clock.now() - (this.recent[0] ?? this.clock.now()))
    return Math.max(FLOOR_PER_MINUTE, Math.round((this.recent.length * 60_000) / span))
  }
}
