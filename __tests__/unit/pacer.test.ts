import { describe, expect, it } from '@jest/globals'
import { Pacer } from '../../src/operations/pacer.js'
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
