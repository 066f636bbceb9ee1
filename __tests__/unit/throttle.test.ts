import { describe, expect, it } from '@jest/globals'
import { Throttle } from '../../src/github/throttle.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

describe('Throttle', () => {
  it('lets `concurrency` requests in at once; the next waits for a release', async () => {
    const throttle = new Throttle(2, new FakeClock())
    await throttle.acquire()
    await throttle.acquire()
    let third = false
    const waiting = throttle.acquire().then(() => (third = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(third).toBe(false)
    throttle.release(true)
    await waiting
    expect(third).toBe(true)
  })

  it('a secondary limit holds every request until the pause is over', async () => {
    const clock = new FakeClock()
    const throttle = new Throttle(4, clock)
    const start = clock.now()
    expect(throttle.pause(2000)).toBe(true)
    await throttle.acquire()
    expect(clock.now() - start).toBe(2000)
  })

  it('the first signal of an episode halves the bound; more signals only extend the pause', () => {
    const clock = new FakeClock()
    const throttle = new Throttle(8, clock)
    expect(throttle.pause(1000)).toBe(true)
    expect(throttle.pause(1500)).toBe(false)
    expect(throttle.currentLimit).toBe(4)
    clock.advance(2000)
    expect(throttle.pause(1000)).toBe(true)
    expect(throttle.currentLimit).toBe(2)
    clock.advance(2000)
    throttle.pause(1000)
    throttle.pause(1000)
    clock.advance(2000)
    throttle.pause(1000)
    expect(throttle.currentLimit).toBe(1)
  })

  it('grows back by one after each run of `concurrency` successes', async () => {
    const clock = new FakeClock()
    const throttle = new Throttle(4, clock)
    throttle.pause(0)
    expect(throttle.currentLimit).toBe(2)
    for (let i = 0; i < 4; i++) {
      await throttle.acquire()
      throttle.release(true)
    }
    expect(throttle.currentLimit).toBe(3)
    for (let i = 0; i < 8; i++) {
      await throttle.acquire()
      throttle.release(true)
    }
    expect(throttle.currentLimit).toBe(4)
  })
})
