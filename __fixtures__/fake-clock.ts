import type { Clock } from '../src/log.js'

interface Timer {
  at: number
  seq: number
  resolve: () => void
}

/**
 * A virtual-time Clock. `sleep` never waits for real: once every pending promise has settled
 * (checked with setImmediate, after the microtask queue drains), the earliest sleeper is woken and
 * the clock jumps to its time. Concurrent sleepers therefore see the same timeline a real clock
 * would give them, without the wait.
 */
export class FakeClock implements Clock {
  /** Every duration passed to sleep, in call order. */
  readonly sleeps: number[] = []
  private time: number
  private timers: Timer[] = []
  private seq = 0
  private scheduled = false

  constructor(start: Date | number = Date.parse('2025-06-01T12:00:00.000Z')) {
    this.time = typeof start === 'number' ? start : start.getTime()
  }

  now(): number {
    return this.time
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve })
      this.schedule()
    })
  }

  /** Moves time forward by hand (for code that only reads the clock). */
  advance(ms: number): void {
    this.time += ms
  }

  /** Sleepers not woken yet. */
  get pending(): number {
    return this.timers.length
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.wakeEarliest())
  }

  private wakeEarliest(): void {
    this.scheduled = false
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
    const timer = this.timers.shift()
    if (!timer) return
    this.time = Math.max(this.time, timer.at)
    timer.resolve()
    if (this.timers.length > 0) this.schedule()
  }
}
