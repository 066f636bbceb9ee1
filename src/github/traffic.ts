import type { Clock } from '../log.js'
import { classifyError, permissionError, WriteRefusedError } from './errors.js'
import { Pacer } from './pacer.js'
import { RateBudget } from './rate-budget.js'
import type { Reserve } from '../settings.js'
import { Throttle } from './throttle.js'

/** What the traffic control is built from (every value comes from the settings). */
export interface TrafficSettings {
  reserve: Reserve
  /** Most requests in flight at once: the one concurrency bound. */
  concurrency: number
  /** Most writes started a minute (0 = unpaced). */
  writesPerMinute: number
  /** At the reserve, wait for a reset at most this far away (ms), else stop. */
  maxWaitMs: number
  /** owner/name, for the permission message. */
  repository: string
}

/** A request admitted by Traffic.admit; pass it back to settle. */
export interface Ticket {
  write: boolean
  done: () => void
}

/** Whether a method changes something (and so is paced). */
export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD'
}

/**
 * Rate limits, pacing and concurrency in one place. Every request attempt the client sends (and
 * every request a test fake answers) passes `admit` and then `settle`:
 *
 * - admit: waits under the concurrency bound (Throttle: halves on secondary limits, pauses
 *   everything while one is in force); paces every write attempt, first attempts included
 *   (Pacer: adaptive); refuses writes once a write was refused for lack of permission; checks the
 *   primary budget (RateBudget: waits for a near reset, else ReserveReachedError).
 * - settle: feeds the rate-limit headers to the budget, tells the pacer of a successful write,
 *   remembers a refused write, and frees the slot.
 */
export class Traffic {
  readonly budget: RateBudget
  readonly throttle: Throttle
  readonly pacer: Pacer
  private refused?: Error

  constructor(
    private readonly settings: TrafficSettings,
    clock: Clock
  ) {
    this.budget = new RateBudget(settings.reserve, { clock, maxWaitMs: settings.maxWaitMs })
    this.throttle = new Throttle(settings.concurrency, clock)
    this.pacer = new Pacer(settings.writesPerMinute, clock)
  }

  /** Waits until one attempt of `method` may be sent. Throws ReserveReachedError or WriteRefusedError. */
  async admit(method: string): Promise<Ticket> {
    const write = isWrite(method)
    await this.throttle.acquire()
    try {
      if (write) {
        this.checkWritable()
        await this.pacer.next()
        this.checkWritable()
      }
      return { write, done: await this.budget.acquire() }
    } catch (error) {
      this.throttle.release(true)
      throw error
    }
  }

  /** Records how an admitted attempt ended (its response, or its error) and frees its slot. */
  settle(
    ticket: Ticket,
    outcome: { ok: true; response: unknown } | { ok: false; error: unknown }
  ): void {
    const carrier = outcome.ok ? outcome.response : outcome.error
    const headers = headersOf(carrier)
    if (headers) this.budget.observe(headers)
    let limited = false
    if (outcome.ok) {
      if (ticket.write) this.pacer.succeeded()
    } else {
      const kind = classifyError(outcome.error).kind
      limited = kind === 'secondary-rate-limit'
      if (ticket.write && kind === 'permission')
        this.refused ??= permissionError(this.settings.repository)
    }
    ticket.done()
    this.throttle.release(!limited)
  }

  /** A secondary rate limit told everyone to wait `waitMs`: pause, and slow writes down. */
  secondaryLimit(waitMs: number): void {
    if (this.throttle.pause(waitMs)) this.pacer.slowDown()
  }

  private checkWritable(): void {
    if (this.refused) throw new WriteRefusedError(this.refused.message)
  }
}

function headersOf(carrier: unknown): Record<string, string | number | undefined> | undefined {
  const c = carrier as
    | {
        headers?: Record<string, string | number | undefined>
        response?: { headers?: Record<string, string | number | undefined> }
      }
    | undefined
  return c?.response?.headers ?? c?.headers
}
