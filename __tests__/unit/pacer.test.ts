import { describe, expect, it } from '@jest/globals'
import { Pacer } from '../../src/github/pacer.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

describe('Pacer', () => {
  it('spaces sequential starts 60000/P ms apart', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(150, clock)
    const start = clock.now()
    const starts: number[] = []
    for (let i = 0; i < 5; i++) {
      await pacer.next()
      starts.push(clock.now() - start)
    }
    expect(starts).toEqual([0, 400, 800, 1200, 1600])
  })

  it('spaces concurrent callers too', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(120, clock)
    const start = clock.now()
    const starts = await Promise.all(
      Array.from({ length: 4 }, async () => {
        await pacer.next()
        return clock.now() - start
      })
    )
    expect(starts.sort((a, b) => a - b)).toEqual([0, 500, 1000, 1500])
  })

  it('does not wait when the interval has already passed', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(60, clock)
    await pacer.next()
    clock.advance(5000)
    await pacer.next()
    expect(clock.sleeps).toEqual([])
  })

  it('saves up no burst while idle', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(60, clock)
    await pacer.next()
    clock.advance(60_000)
    await pacer.next()
    await pacer.next()
    expect(clock.sleeps).toEqual([1000])
  })

  it('only waits for what is left of the interval', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(60, clock)
    await pacer.next()
    clock.advance(300)
    await pacer.next()
    expect(clock.sleeps).toEqual([700])
  })

  it('0 a minute: never waits', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(0, clock)
    for (let i = 0; i < 100; i++) await pacer.next()
    expect(clock.sleeps).toEqual([])
  })
})

describe('Pacer: slowing down and recovering', () => {
  it('a secondary-limit signal halves the pace, down to a floor of 6 a minute', () => {
    const pacer = new Pacer(150, new FakeClock())
    const paces = [pacer.currentPerMinute]
    for (let i = 0; i < 6; i++) {
      pacer.slowDown()
      paces.push(pacer.currentPerMinute)
    }
    expect(paces).toEqual([150, 75, 37, 18, 9, 6, 6])
  })

  it('after a signal, the next start waits a whole interval of the new pace', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(120, clock)
    await pacer.next()
    pacer.slowDown() // 60 a minute
    const start = clock.now()
    await pacer.next()
    expect(clock.now() - start).toBe(1000)
  })

  it('recovers a tenth of the configured pace per run of successes, up to the configured pace', () => {
    const pacer = new Pacer(150, new FakeClock())
    pacer.slowDown()
    pacer.slowDown() // 37
    const paces: number[] = []
    for (let i = 0; i < 100; i++) {
      pacer.succeeded()
      if (i % 10 === 9) paces.push(pacer.currentPerMinute)
    }
    // A run is 10 successes, or pace/12 once that is more (11 at 127).
    expect(paces).toEqual([52, 67, 82, 97, 112, 127, 127, 142, 150, 150])
  })

  it('an unpaced pacer starts pacing at half the rate it was going at', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(0, clock)
    for (let i = 0; i < 30; i++) {
      await pacer.next()
      clock.advance(100) // 600 a minute
    }
    pacer.slowDown()
    expect(pacer.currentPerMinute).toBeGreaterThanOrEqual(290)
    expect(pacer.currentPerMinute).toBeLessThanOrEqual(310)
    const start = clock.now()
    await pacer.next()
    await pacer.next()
    expect(clock.now() - start).toBeGreaterThan(0)
  })
})
