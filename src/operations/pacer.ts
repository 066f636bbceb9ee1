import type { Clock } from '../log.js'

/**
 * Spaces request starts evenly: at most `perMinute` a minute (0 = no pacing). GitHub's secondary
 * limit allows 900 points a minute per endpoint and a DELETE costs 5, so 180 a minute at most.
 */
export class Pacer {
  private nextAt = 0
  private readonly intervalMs: number

  constructor(
    perMinute: number,
    private readonly clock: Clock
  ) {
    this.intervalMs = perMinute > 0 ? 60_000 / perMinute : 0
  }

  /** Resolves when the next request may start. */
  async next(): Promise<void> {
    if (this.intervalMs === 0) return
    const now = this.clock.now()
    const at = Math.max(now, this.nextAt)
    this.nextAt = at + this.intervalMs
    if (at > now) await this.clock.sleep(at - now)
  }
}
