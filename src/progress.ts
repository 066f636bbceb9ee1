import type { Clock, Log } from './log.js'
import { formatBytes, formatDuration } from './units.js'

/** Logs a progress line (done/total, bytes, rate, ETA) at most every `everyMs` on long work. */
export class Progress {
  private done = 0
  private bytes = 0
  private readonly startedAt: number
  private lastLogAt: number

  constructor(
    private readonly verb: string,
    private readonly total: number,
    private readonly log: Log,
    private readonly clock: Clock,
    private readonly everyMs = 10_000
  ) {
    this.startedAt = clock.now()
    this.lastLogAt = this.startedAt
  }

  /** Counts one finished item; logs when the last line is older than `everyMs`. */
  tick(bytes: number): void {
    this.done += 1
    this.bytes += bytes
    const now = this.clock.now()
    if (now - this.lastLogAt >= this.everyMs && this.done < this.total) {
      this.lastLogAt = now
      this.log.info(this.line(now))
    }
  }

  /** The progress line for the time `now`. */
  line(now: number): string {
    const elapsed = Math.max(1, now - this.startedAt)
    const perMinute = (this.done / elapsed) * 60_000
    const eta = this.done > 0 ? ((this.total - this.done) * elapsed) / this.done : 0
    return (
      `${this.verb} ${this.done}/${this.total} (${formatBytes(this.bytes)}), ` +
      `${perMinute.toFixed(0)}/min, ETA ${formatDuration(eta)}`
    )
  }
}
