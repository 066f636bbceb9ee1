import type { Clock, Log } from '../log.js'
import { formatBytes, formatDuration } from '../units.js'

/** A rate for people: whole bytes below 1 kB (never a fraction of a byte). */
export function formatRate(bytesPerSecond: number): string {
  const rate = Number.isFinite(bytesPerSecond) ? Math.max(0, bytesPerSecond) : 0
  return `${formatBytes(Math.round(rate))}/s`
}

/**
 * A progress line at least every `everyMs` while bytes flow: artifacts done, bytes, the rate over
 * the last interval, and an ETA only when bytes are moving (no "ETA 0s" at 0 B/s).
 */
export class ByteProgress {
  private bytes = 0
  private done = 0
  private readonly totalBytes: number
  private lastLogAt: number
  private bytesAtLastLog = 0

  constructor(
    private readonly total: number,
    totalBytes: number,
    private readonly log: Log,
    private readonly clock: Clock,
    private readonly everyMs = 10_000
  ) {
    this.totalBytes = Math.max(0, totalBytes)
    this.lastLogAt = clock.now()
  }

  /** Counts bytes received (negative: an attempt's bytes, given back when it is retried). */
  add(bytes: number): void {
    this.bytes += bytes
    this.maybeLog()
  }

  /** Logs a line if the last one is older than `everyMs` (also called by a timer while waiting). */
  maybeLog(): void {
    const now = this.clock.now()
    if (now - this.lastLogAt < this.everyMs) return
    this.log.info(this.line(now))
    this.lastLogAt = now
    this.bytesAtLastLog = this.bytes
  }

  /** The line for `now`. */
  line(now: number): string {
    const elapsed = Math.max(1, now - this.lastLogAt)
    const rate = (Math.max(0, this.bytes - this.bytesAtLastLog) / elapsed) * 1000
    const left = Math.max(0, this.totalBytes - this.bytes)
    const eta =
      rate >= 1 && left > 0
        ? `ETA ${formatDuration((left / rate) * 1000)}`
        : left > 0
          ? 'ETA unknown (no bytes arriving)'
          : 'finishing'
    return (
      `Downloaded ${this.done}/${this.total} artifacts, ${formatBytes(Math.max(0, this.bytes))} of ` +
      `${formatBytes(this.totalBytes)}, ${formatRate(rate)}, ${eta}`
    )
  }

  finished(): void {
    this.done += 1
  }
}
