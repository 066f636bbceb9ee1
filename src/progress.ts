import type { Clock, Log } from './log.js'
import { formatBytes, formatDuration, formatRate } from './units.js'

/**
 * The one progress reporter: a line (done/total, bytes, rate, ETA) at most every `everyMs` on long
 * work. Items finish with `tick` (delete: an item and its bytes at once); bytes that flow while
 * items are in progress come with `add` and items finish with `finished` (download, which passes
 * `totalBytes`: then the rate is over the last interval, in whole bytes, and there is no ETA while
 * no byte arrives — never "ETA 0s" at 0 B/s).
 */
export class Progress {
  private done = 0
  private bytes = 0
  private readonly startedAt: number
  private lastLogAt: number
  private bytesAtLastLog = 0

  constructor(
    private readonly verb: string,
    private readonly total: number,
    private readonly log: Log,
    private readonly clock: Clock,
    private readonly everyMs = 10_000,
    private readonly totalBytes?: number
  ) {
    this.startedAt = clock.now()
    this.lastLogAt = this.startedAt
  }

  /** Counts one finished item; logs when the last line is older than `everyMs`. */
  tick(bytes: number): void {
    this.done += 1
    this.bytes += bytes
    if (this.done < this.total) this.maybeLog()
  }

  /** Counts bytes as they arrive (negative to take back a failed attempt's); may log. */
  add(bytes: number): void {
    this.bytes += bytes
    this.maybeLog()
  }

  /** Counts one finished item whose bytes came through `add`. */
  finished(): void {
    this.done += 1
  }

  /** The progress line for the time `now`. */
  line(now: number): string {
    const elapsed = Math.max(1, now - this.startedAt)
    if (this.totalBytes !== undefined) {
      const total = Math.max(0, this.totalBytes)
      const interval = Math.max(1, now - this.lastLogAt)
      const rate = (Math.max(0, this.bytes - this.bytesAtLastLog) / interval) * 1000
      const left = Math.max(0, total - this.bytes)
      const eta =
        rate >= 1 && left > 0
          ? `ETA ${formatDuration((left / rate) * 1000)}`
          : left > 0
            ? 'ETA unknown (no bytes arriving)'
            : 'finishing'
      return (
        `${this.verb} ${this.done}/${this.total} artifacts, ${formatBytes(Math.max(0, this.bytes))} of ` +
        `${formatBytes(total)}, ${formatRate(rate)}, ${eta}`
      )
    }
    const perMinute = (this.done / elapsed) * 60_000
    const eta = this.done > 0 ? ((this.total - this.done) * elapsed) / this.done : 0
    return (
      `${this.verb} ${this.done}/${this.total} (${formatBytes(this.bytes)}), ` +
      `${perMinute.toFixed(0)}/min, ETA ${formatDuration(eta)}`
    )
  }

  /** Logs a line if the last one is older than `everyMs` (download's timer calls it while waiting). */
  maybeLog(): void {
    const now = this.clock.now()
    if (now - this.lastLogAt < this.everyMs) return
    this.log.info(this.line(now))
    this.lastLogAt = now
    this.bytesAtLastLog = this.bytes
  }
}
