import { startEmulator, type Emulator } from '../../emulator/index.js'
import { call, NOW, READ, REPO, seed, WRITE } from './helpers.js'

function limitHeaders(h: Headers): Record<string, string | null> {
  return {
    limit: h.get('x-ratelimit-limit'),
    remaining: h.get('x-ratelimit-remaining'),
    used: h.get('x-ratelimit-used'),
    reset: h.get('x-ratelimit-reset'),
    resource: h.get('x-ratelimit-resource')
  }
}

describe('primary rate limit', () => {
  let emu: Emulator
  let clock = NOW
  const list = `/repos/${REPO}/actions/artifacts`

  beforeEach(async () => {
    clock = NOW
    emu = await startEmulator({ now: () => clock, rateLimit: { limit: 3, windowMs: 600000 } })
    emu.addRepository(REPO, [seed(1, 'a', NOW - 1000)])
  })
  afterEach(async () => {
    await emu.close()
  })

  it('counts down per token on every API response, and stops with 403 when spent', async () => {
    const reset = String(Math.ceil((NOW + 600000) / 1000))
    for (const [i, path] of [list, `${list}/1`, `/nope`].entries()) {
      clock = NOW + i * 1000 // the window runs from the first request
      const r = await call(emu.url, path)
      expect(limitHeaders(r.headers)).toEqual({
        limit: '3',
        remaining: String(2 - i),
        used: String(i + 1),
        reset,
        resource: 'core'
      })
    }
    const r = await call(emu.url, list)
    expect(r.status).toBe(403)
    expect(r.json()).toEqual({
      message: expect.stringMatching(/^API rate limit exceeded for installation ID \d+\.$/),
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: '403'
    })
    expect(limitHeaders(r.headers)).toEqual({
      limit: '3',
      remaining: '0',
      used: '3',
      reset,
      resource: 'core'
    })
    expect(emu.rateLimit(READ)).toEqual({ limit: 3, used: 3, remaining: 0, reset: Number(reset) })
    // other tokens have budgets of their own
    const other = await call(emu.url, list, WRITE)
    expect(other.status).toBe(200)
    expect(other.headers.get('x-ratelimit-remaining')).toBe('2')
  })

  it('starts a new window at x-ratelimit-reset', async () => {
    for (let i = 0; i < 3; i++) expect((await call(emu.url, list)).status).toBe(200)
    expect((await call(emu.url, list)).status).toBe(403)
    clock = NOW + 599999
    expect((await call(emu.url, list)).status).toBe(403)
    clock = NOW + 600000
    const r = await call(emu.url, list)
    expect(r.status).toBe(200)
    expect(r.headers.get('x-ratelimit-remaining')).toBe('2')
    expect(r.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((NOW + 1200000) / 1000)))
  })

  it('does not count GET /rate_limit or blob downloads', async () => {
    const first = await call(emu.url, '/rate_limit')
    expect(first.status).toBe(200)
    expect(first.headers.get('x-ratelimit-remaining')).toBe('3')
    const loc = (await call(emu.url, `${list}/1/zip`)).headers.get('location') as string
    for (let i = 0; i < 5; i++) expect((await fetch(loc)).status).toBe(200)
    const r = await call(emu.url, '/rate_limit')
    const body = r.json<{ resources: { core: unknown }; rate: unknown }>()
    const core = { limit: 3, used: 1, remaining: 2, reset: Math.ceil((NOW + 600000) / 1000) }
    expect(body.resources.core).toEqual(core)
    expect(body.rate).toEqual(core)
    expect(r.headers.get('x-ratelimit-used')).toBe('1')
  })

  it('answers /rate_limit without a token (anonymous budget) but 401 for a bad one', async () => {
    const anon = await call(emu.url, '/rate_limit', null)
    expect(anon.status).toBe(200)
    expect(anon.json<{ rate: { limit: number } }>().rate.limit).toBe(60)
    expect((await call(emu.url, '/rate_limit', 'ghs_bad')).status).toBe(401)
  })

  it('puts rate limit headers on 401s too (the unauthenticated budget)', async () => {
    const r = await call(emu.url, list, 'ghs_bad')
    expect(r.status).toBe(401)
    expect(r.headers.get('x-ratelimit-limit')).toBe('60')
    expect(r.headers.get('x-ratelimit-resource')).toBe('core')
  })
})

describe('default rate limit', () => {
  it('is 5000 an hour', async () => {
    const emu = await startEmulator({ now: () => NOW })
    try {
      emu.addRepository(REPO, [])
      const r = await call(emu.url, `/repos/${REPO}/actions/artifacts`)
      expect(r.headers.get('x-ratelimit-limit')).toBe('5000')
      expect(r.headers.get('x-ratelimit-remaining')).toBe('4999')
      expect(r.headers.get('x-ratelimit-reset')).toBe(String((NOW + 3600000) / 1000))
    } finally {
      await emu.close()
    }
  })
})
