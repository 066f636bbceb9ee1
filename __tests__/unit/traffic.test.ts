import { describe, expect, it } from '@jest/globals'
import { classifyError, ReserveReachedError, WriteRefusedError } from '../../src/github/errors.js'
import { isWrite, Traffic, type TrafficSettings } from '../../src/github/traffic.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  httpError,
  permissionDenied,
  primaryRateLimited,
  secondaryRateLimited,
  serverError
} from '../../__fixtures__/http-error.js'

const RESET_SECONDS = 1_748_782_800 // 2025-06-01T13:00:00Z, an hour after FakeClock's start

function trafficOf(given: Partial<TrafficSettings> = {}, clock = new FakeClock()): Traffic {
  return new Traffic(
    {
      reserve: { kind: 'count', value: 10 },
      concurrency: 2,
      writesPerMinute: 0,
      maxWaitMs: 0,
      repository: 'octo-org/widgets',
      ...given
    },
    clock
  )
}

const ok = { ok: true, response: { headers: {} } } as const

describe('Traffic', () => {
  it('GET and HEAD read; everything else writes', () => {
    expect(['GET', 'HEAD', 'DELETE', 'POST', 'PATCH'].map(isWrite)).toEqual([
      false,
      false,
      true,
      true,
      true
    ])
  })

  it('admits at most `concurrency` at once; settling one admits the next', async () => {
    const traffic = trafficOf({ concurrency: 2 })
    const first = await traffic.admit('GET')
    await traffic.admit('GET')
    let third = false
    const waiting = traffic.admit('GET').then((ticket) => {
      third = true
      return ticket
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(third).toBe(false)
    traffic.settle(first, ok)
    await waiting
    expect(third).toBe(true)
  })

  it('paces every write, the first included, and never a read', async () => {
    const clock = new FakeClock()
    const traffic = trafficOf({ writesPerMinute: 60, concurrency: 4 }, clock)
    const start = clock.now()
    const at: number[] = []
    await Promise.all(
      ['DELETE', 'DELETE', 'GET', 'DELETE'].map(async (method) => {
        const ticket = await traffic.admit(method)
        at.push(clock.now() - start)
        traffic.settle(ticket, ok)
      })
    )
    expect(at.sort((a, b) => a - b)).toEqual([0, 0, 1000, 2000])
  })

  it('feeds response and error headers to the budget, and stops at the reserve', async () => {
    const traffic = trafficOf()
    const ticket = await traffic.admit('GET')
    traffic.settle(ticket, {
      ok: true,
      response: {
        headers: {
          'x-ratelimit-limit': '1000',
          'x-ratelimit-remaining': '10',
          'x-ratelimit-reset': String(RESET_SECONDS)
        }
      }
    })
    expect(traffic.budget.remaining).toBe(10)
    await expect(traffic.admit('GET')).rejects.toBeInstanceOf(ReserveReachedError)
    // The refused request holds no slot: two more may wait for admission without a deadlock.
    await expect(traffic.admit('GET')).rejects.toBeInstanceOf(ReserveReachedError)
  })

  it('after a permission 403 on a write, refuses later writes but not reads', async () => {
    const traffic = trafficOf()
    const ticket = await traffic.admit('DELETE')
    traffic.settle(ticket, { ok: false, error: permissionDenied() })
    const refused = await traffic.admit('DELETE').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WriteRefusedError)
    expect((refused as Error).message).toContain("'permissions: actions: write'")
    await expect(traffic.admit('GET')).resolves.toMatchObject({ write: false })
  })

  it('a secondary limit pauses everyone and slows writes down', async () => {
    const clock = new FakeClock()
    const traffic = trafficOf({ writesPerMinute: 120 }, clock)
    traffic.secondaryLimit(5000)
    expect(traffic.pacer.currentPerMinute).toBe(60)
    expect(traffic.throttle.currentLimit).toBe(1)
    const start = clock.now()
    await traffic.admit('GET')
    expect(clock.now() - start).toBe(5000)
  })
})

describe('classifyError: the one classifier', () => {
  it.each([
    [
      'primary rate limit (403, remaining 0)',
      primaryRateLimited(RESET_SECONDS),
      'primary-rate-limit'
    ],
    ['secondary rate limit (retry-after)', secondaryRateLimited(), 'secondary-rate-limit'],
    ['429 without headers', httpError(429, 'Too Many Requests'), 'secondary-rate-limit'],
    ['403 saying only "rate limit"', httpError(403, 'API rate limit exceeded'), 'rate-limit'],
    ['403 permission', permissionDenied(), 'permission'],
    ['404', httpError(404, 'Not Found'), 'not-found'],
    ['502', serverError(502), 'transient'],
    ['no response at all', new Error('socket hang up'), 'transient'],
    ['422', httpError(422, 'Unprocessable'), 'final'],
    ['401', httpError(401, 'Bad credentials'), 'final']
  ])('%s', (_, error, kind) => {
    expect(classifyError(error).kind).toBe(kind)
  })
})
