import { describe, expect, it } from '@jest/globals'
import { OctokitArtifactsApi } from '../../src/github/artifacts-api.js'
import { createOctokit } from '../../src/github/client.js'
import { ReserveReachedError, RequestTimeoutError } from '../../src/github/errors.js'
import { RateBudget } from '../../src/github/rate-budget.js'
import type { RetryTuning } from '../../src/github/retry.js'
import type { Pacer } from '../../src/github/pacer.js'
import { Traffic } from '../../src/github/traffic.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

const API = 'https://api.example.test'
const TUNING: Partial<RetryTuning> = { retryBaseMs: 100, requestTimeoutMs: 10_000 }

interface Call {
  method: string
  url: string
  at: number
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang'

/** A fetch that answers from a script, records calls, and honours abort signals. */
function scriptedFetch(
  clock: FakeClock,
  answer: (call: Call, n: number) => Answer | Promise<Answer>
): { calls: Call[]; fetch: typeof globalThis.fetch } {
  const calls: Call[] = []
  const fetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const call = { method: init?.method ?? 'GET', url: String(url), at: clock.now() }
    calls.push(call)
    const a = await answer(call, calls.length)
    if (a === 'hang') {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))
        )
      )
    }
    const body =
      a.status === 204 ? null : JSON.stringify(a.body ?? { message: `status ${a.status}` })
    return new Response(body, {
      status: a.status,
      headers: { 'content-type': 'application/json', ...a.headers }
    })
  }
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch }
}

function rate(remaining: number, resetAt: number, limit = 5000): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.ceil(resetAt / 1000))
  }
}

function setUp(
  answer: (call: Call, n: number) => Answer | Promise<Answer>,
  options: {
    reserve?: number
    maxWaitMs?: number
    tuning?: Partial<RetryTuning>
    concurrency?: number
    writesPerMinute?: number
  } = {}
): {
  clock: FakeClock
  calls: Call[]
  budget: RateBudget
  pacer: Pacer
  octokit: ReturnType<typeof createOctokit>
  api: OctokitArtifactsApi
} {
  const clock = new FakeClock()
  const { calls, fetch } = scriptedFetch(clock, answer)
  const traffic = new Traffic(
    {
      reserve: { kind: 'count', value: options.reserve ?? 0 },
      concurrency: options.concurrency ?? 4,
      writesPerMinute: options.writesPerMinute ?? 0,
      maxWaitMs: options.maxWaitMs ?? 300_000,
      repository: 'o/r'
    },
    clock
  )
  const octokit = createOctokit({ token: 't', apiUrl: API }, traffic, {
    tuning: { ...TUNING, ...options.tuning },
    clock,
    fetch,
    random: () => 0.5
  })
  const api = new OctokitArtifactsApi(octokit, 'o', 'r')
  return { clock, calls, budget: traffic.budget, pacer: traffic.pacer, octokit, api }
}

const HOUR = 3_600_000

describe('client retries', () => {
  it('retries a 502 after a jittered backoff and returns the answer', async () => {
    const { calls, octokit, clock } = setUp((_, n) =>
      n === 1 ? { status: 502 } : { status: 200, body: { ok: true } }
    )
    const start = clock.now()
    const response = await octokit.request('GET /rate_limit')
    expect(response.data).toEqual({ ok: true })
    expect(calls).toHaveLength(2)
    expect(calls[1].at - start).toBe(75) // 100 × 2^0, equal jitter at 0.5
  })

  it.each([401, 404, 410, 422])('does not retry %d', async (status) => {
    const { calls, octokit } = setUp(() => ({ status }))
    await expect(octokit.request('GET /rate_limit')).rejects.toMatchObject({ status })
    expect(calls).toHaveLength(1)
  })

  it('does not retry a permission 403', async () => {
    const { calls, api } = setUp(() => ({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      headers: rate(4000, Date.now() + HOUR)
    }))
    await expect(api.deleteArtifact(1)).rejects.toMatchObject({ status: 403 })
    expect(calls).toHaveLength(1)
  })

  it('honours retry-after on a secondary limit, and slows the pacer', async () => {
    const { calls, octokit, clock, pacer } = setUp((call) =>
      call.url.endsWith('/first') && calls.length === 1
        ? {
            status: 403,
            body: { message: 'You have exceeded a secondary rate limit.' },
            headers: { 'retry-after': '3' }
          }
        : { status: 200, body: {} }
    )
    const start = clock.now()
    await octokit.request('GET /first')
    await octokit.request('GET /second')
    expect(calls.map((c) => [c.url.replace(API, ''), c.at - start])).toEqual([
      ['/first', 0],
      ['/first', 3000],
      ['/second', 3000]
    ])
    // It was unpaced; the secondary limit made it pace.
    expect(pacer.currentPerMinute).toBeGreaterThan(0)
  })

  it('a primary limit (remaining 0) waits for the reset, then carries on', async () => {
    const clock0 = new FakeClock()
    const resetAt = clock0.now() + 10_000
    const { calls, octokit, clock } = setUp((_, n) =>
      n === 1
        ? { status: 403, body: { message: 'API rate limit exceeded' }, headers: rate(0, resetAt) }
        : { status: 200, body: {}, headers: rate(4999, resetAt + HOUR) }
    )
    await octokit.request('GET /x')
    expect(calls).toHaveLength(2)
    expect(calls[1].at).toBeGreaterThanOrEqual(resetAt + 1000)
    expect(calls[1].at - clock.now()).toBeLessThanOrEqual(0)
  })

  it('times out a hung request, retries a bounded number of times, then says so', async () => {
    const { calls, octokit } = setUp(() => 'hang', {
      tuning: { requestTimeoutMs: 20, retries: 2 }
    })
    const error = await octokit
      .request('GET /repos/{owner}/{repo}/actions/artifacts', { owner: 'o', repo: 'r' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RequestTimeoutError)
    expect((error as Error).message).toContain(
      `GET ${API}/repos/o/r/actions/artifacts did not answer within 0.02 s (3 attempt(s))`
    )
    expect(calls).toHaveLength(3)
  })
})

describe('client and the budget', () => {
  it('at the reserve with a far reset: sends nothing and throws ReserveReachedError', async () => {
    const { calls, octokit, budget, clock } = setUp(() => ({ status: 200, body: {} }), {
      reserve: 10
    })
    budget.observe(rate(10, clock.now() + HOUR))
    await expect(octokit.request('GET /x')).rejects.toBeInstanceOf(ReserveReachedError)
    expect(calls).toEqual([])
  })

  it('at the reserve with a near reset: waits for it, then sends', async () => {
    const { calls, octokit, budget, clock } = setUp(() => ({ status: 200, body: {} }), {
      reserve: 10,
      maxWaitMs: 60_000
    })
    const resetAt = clock.now() + 30_000
    budget.observe(rate(10, resetAt))
    await octokit.request('GET /x')
    expect(calls).toHaveLength(1)
    expect(calls[0].at).toBe(resetAt + 1000)
  })

  it('feeds every response, errors included, to the budget', async () => {
    const { octokit, budget, clock } = setUp((_, n) =>
      n === 1
        ? { status: 500, headers: rate(41, clock.now() + HOUR) }
        : { status: 200, body: {}, headers: rate(40, clock.now() + HOUR) }
    )
    await octokit.request('GET /x')
    expect(budget.remaining).toBe(40)
  })
})

describe('the client paces every write', () => {
  it('first attempts included: DELETEs start one interval apart, GETs are not paced', async () => {
    const { calls, api, clock } = setUp(() => ({ status: 204 }), { writesPerMinute: 60 })
    const start = clock.now()
    await Promise.all([1, 2, 3].map((id) => api.deleteArtifact(id)))
    expect(calls.map((c) => [c.method, c.at - start])).toEqual([
      ['DELETE', 0],
      ['DELETE', 1000],
      ['DELETE', 2000]
    ])
  })

  it('one concurrency bound: at most `concurrency` requests in flight', async () => {
    let inFlight = 0
    let most = 0
    const { api, clock } = setUp(
      async () => {
        inFlight += 1
        most = Math.max(most, inFlight)
        await clock.sleep(100)
        inFlight -= 1
        return {
          status: 200,
          body: { id: 1, name: 'a', size_in_bytes: 1, expired: false, created_at: null }
        }
      },
      { concurrency: 3 }
    )
    await api.listArtifacts({ kind: 'ids', ids: [1, 2, 3, 4, 5, 6, 7] })
    expect(most).toBe(3)
  })

  it('after a permission 403 on a write, later writes are not sent', async () => {
    const { calls, api } = setUp(
      () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }),
      { concurrency: 1 }
    )
    const results = await Promise.allSettled([1, 2, 3].map((id) => api.deleteArtifact(id)))
    expect(calls).toHaveLength(1)
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    const reasons = results.map((r) => (r as PromiseRejectedResult).reason as Error)
    expect(reasons[1].name).toBe('WriteRefusedError')
    expect(reasons[1].message).toContain('actions: write')
  })
})

describe('idempotent deletes', () => {
  it('a DELETE that answered 502 but took effect: the retry’s 404 is gone', async () => {
    const { calls, api } = setUp((_, n) => (n === 1 ? { status: 502 } : { status: 404 }))
    await expect(api.deleteArtifact(7)).resolves.toBe('gone')
    expect(calls.map((c) => c.method)).toEqual(['DELETE', 'DELETE'])
  })
})

describe('listing while artifacts are uploaded', () => {
  it('a page served after uploads shifted the list is fetched again: no old artifact missed', async () => {
    // Newest first: ids 300..1; uploads get 1001, 1002, ...
    let live = Array.from({ length: 300 }, (_, i) => 300 - i)
    let uploaded = 1000
    let releasePage2: () => void = () => undefined
    const page2Gate = new Promise<void>((resolve) => (releasePage2 = resolve))
    const wire = (id: number): Record<string, unknown> => ({
      id,
      name: `a${id}`,
      size_in_bytes: 1,
      expired: false,
      created_at: new Date(id * 1000).toISOString()
    })
    const { api, calls } = setUp(async (call) => {
      const page = Number(new URL(call.url).searchParams.get('page'))
      if (page === 2 && calls.filter((c) => c.url.includes('page=2')).length === 1) {
        await page2Gate // page 3 is served first...
        live = [++uploaded, ++uploaded, ++uploaded, ...live] // ...then 3 uploads land
      }
      if (page === 3) setImmediate(releasePage2)
      const slice = live.slice((page - 1) * 100, page * 100)
      return { status: 200, body: { total_count: live.length, artifacts: slice.map(wire) } }
    })
    const listing = await api.listArtifacts({ kind: 'repository' })
    const ids = listing.artifacts.map((a) => a.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (let id = 1; id <= 300; id++) expect(ids).toContain(id)
    // page 3 was fetched again after page 2 showed the shift
    expect(calls.filter((c) => c.url.includes('page=3')).length).toBeGreaterThanOrEqual(2)
  })

  it('the reserve reached while listing: ReserveReachedError with the scope’s total', async () => {
    const { api, clock } = setUp(
      (call) => {
        const page = Number(new URL(call.url).searchParams.get('page'))
        return {
          status: 200,
          // page 1 is full (a short page would end the listing): page 2 is asked for
          body: {
            total_count: 1000,
            artifacts:
              page === 1
                ? Array.from({ length: 100 }, (_, i) => ({
                    id: i + 1,
                    name: `a${i + 1}`,
                    size_in_bytes: 1,
                    expired: false,
                    created_at: new Date((i + 1) * 1000).toISOString()
                  }))
                : []
          },
          headers: rate(page === 1 ? 10 : 9, clock.now() + HOUR)
        }
      },
      { reserve: 10 }
    )
    const error = await api.listArtifacts({ kind: 'repository' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReserveReachedError)
    expect((error as ReserveReachedError).pending).toBe(1000)
  })
})
