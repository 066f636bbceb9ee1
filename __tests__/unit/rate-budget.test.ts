import { describe, expect, it } from '@jest/globals'
import { RateBudget } from '../../src/github/rate-budget.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

// 2025-06-01T12:00:00Z, an hour before the reset the headers below give.
const clock = new FakeClock()

function headers(limit: number, remaining: number, reset = 1_748_782_800): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset)
  }
}

describe('RateBudget', () => {
  it('spends freely before any response said otherwise', () => {
    const budget = new RateBudget({ kind: 'count', value: 100 })
    expect(budget.canSpend()).toBe(true)
    expect(budget.remaining).toBeUndefined()
  })

  it('records limit, remaining and the reset time (seconds → ms)', () => {
    const budget = new RateBudget({ kind: 'count', value: 0 })
    budget.observe(headers(5000, 4321, 1_748_782_800))
    expect(budget.limit).toBe(5000)
    expect(budget.remaining).toBe(4321)
    expect(budget.resetAt).toBe(Date.parse('2025-06-01T13:00:00Z'))
  })

  it('accepts numeric header values', () => {
    const budget = new RateBudget({ kind: 'count', value: 0 })
    budget.observe({ 'x-ratelimit-limit': 60, 'x-ratelimit-remaining': 7 })
    expect(budget.limit).toBe(60)
    expect(budget.remaining).toBe(7)
  })

  it('keeps what it knew when a response has no rate-limit headers', () => {
    const budget = new RateBudget({ kind: 'count', value: 0 })
    budget.observe(headers(5000, 10))
    budget.observe({ 'content-type': 'application/json' })
    expect(budget.limit).toBe(5000)
    expect(budget.remaining).toBe(10)
    expect(budget.resetAt).toBeDefined()
  })

  it('ignores a limit of 0 and junk values', () => {
    const budget = new RateBudget({ kind: 'percent', value: 10 })
    budget.observe(headers(5000, 10))
    budget.observe({ 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': 'n/a' })
    expect(budget.limit).toBe(5000)
    expect(budget.remaining).toBe(10)
  })

  it.each([
    [5000, 10, 500],
    [1000, 2.5, 25],
    [15, 10, 2],
    [5000, 0, 0],
    [5000, 100, 5000]
  ])('a reserve of %d × %d%% is %d requests (rounded up)', (limit, percent, count) => {
    const budget = new RateBudget({ kind: 'percent', value: percent })
    budget.observe(headers(limit, limit))
    expect(budget.reserveCount()).toBe(count)
  })

  it('a percentage reserve is 0 until the limit is known', () => {
    expect(new RateBudget({ kind: 'percent', value: 50 }).reserveCount()).toBe(0)
  })

  it('a count reserve is that count', () => {
    expect(new RateBudget({ kind: 'count', value: 250 }).reserveCount()).toBe(250)
  })

  it('never spends into the reserve', () => {
    const budget = new RateBudget({ kind: 'count', value: 500 }, { clock })
    budget.observe(headers(5000, 501))
    expect(budget.canSpend()).toBe(true)
    expect(budget.canSpend(2)).toBe(false)
    budget.observe(headers(5000, 500))
    expect(budget.canSpend()).toBe(false)
    budget.observe(headers(5000, 0))
    expect(budget.canSpend()).toBe(false)
  })

  it('counts requests in flight against the budget until they answer', () => {
    const budget = new RateBudget({ kind: 'count', value: 10 }, { clock })
    budget.observe(headers(100, 12))
    const first = budget.begin()
    expect(budget.canSpend()).toBe(true) // 12 - 1 in flight - 1 = 10
    const second = budget.begin()
    expect(budget.canSpend()).toBe(false)
    first()
    expect(budget.canSpend()).toBe(true)
    first() // a second call changes nothing
    expect(budget.canSpend()).toBe(true)
    second()
    expect(budget.canSpend(2)).toBe(true)
  })

  it('a reserve of 0 spends down to the last request', () => {
    const budget = new RateBudget({ kind: 'count', value: 0 }, { clock })
    budget.observe(headers(60, 1))
    expect(budget.canSpend()).toBe(true)
    budget.observe(headers(60, 0))
    expect(budget.canSpend()).toBe(false)
  })
})

describe('RateBudget: concurrent answers and window resets', () => {
  const RESET = 1_748_782_800 // 13:00, an hour after the fake clock's start

  it('within one window the lowest remaining wins (answers arrive out of order)', () => {
    const budget = new RateBudget({ kind: 'count', value: 0 }, { clock: new FakeClock() })
    budget.observe(headers(5000, 4000, RESET))
    budget.observe(headers(5000, 4005, RESET))
    expect(budget.remaining).toBe(4000)
  })

  it('a later window replaces the numbers; an answer from an older window is ignored', () => {
    const budget = new RateBudget({ kind: 'count', value: 0 }, { clock: new FakeClock() })
    budget.observe(headers(5000, 3, RESET))
    budget.observe(headers(5000, 4999, RESET + 3600))
    expect(budget.remaining).toBe(4999)
    budget.observe(headers(5000, 2, RESET))
    expect(budget.remaining).toBe(4999)
  })

  it('once the reset has passed (plus a second) the budget is fresh again', () => {
    const clock = new FakeClock()
    const budget = new RateBudget({ kind: 'count', value: 10 }, { clock })
    budget.observe(headers(100, 10, RESET))
    expect(budget.canSpend()).toBe(false)
    clock.advance(3_600_000 + 1000)
    expect(budget.canSpend()).toBe(true)
  })

  it('shouldStop only when the reset is further away than the longest wait', () => {
    const clock = new FakeClock()
    const near = new RateBudget({ kind: 'count', value: 10 }, { clock, maxWaitMs: 3_601_000 })
    const far = new RateBudget({ kind: 'count', value: 10 }, { clock, maxWaitMs: 60_000 })
    for (const budget of [near, far]) budget.observe(headers(100, 10, RESET))
    expect(near.shouldStop()).toBe(false)
    expect(far.shouldStop()).toBe(true)
    expect(far.reserveReached().message).toContain('2025-06-01T13:00:00.000Z')
  })

  it('acquire waits for a near reset, and throws past the longest wait', async () => {
    const clock = new FakeClock()
    const budget = new RateBudget({ kind: 'count', value: 10 }, { clock, maxWaitMs: 3_601_000 })
    budget.observe(headers(100, 10, RESET))
    const done = await budget.acquire()
    expect(clock.now()).toBe(RESET * 1000 + 1000)
    done()
    const strict = new RateBudget({ kind: 'count', value: 10 }, { clock })
    strict.observe(headers(100, 10, RESET + 3600))
    await expect(strict.acquire()).rejects.toThrow(/reached the reserve/)
  })
})
