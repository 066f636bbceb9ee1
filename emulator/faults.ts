/**
 * Faults for the emulator, plugged in through the RequestHook seam: latency and jitter, 5xx,
 * reset connections, a DELETE that takes effect but answers 502, hung responses, GitHub's
 * secondary rate limits (points per window, a concurrency cap, `retry-after`), primary exhaustion
 * (403 with `x-ratelimit-remaining: 0`), and uploads that land while a listing is in progress.
 * Every random choice comes from one seeded source, so a seed replays the same faults for the same
 * sequence of requests. Requests sent while limited are recorded as violations.
 *
 * Blob truncation (download bodies cut short) is left to the download work, which owns blobs.
 */
import { DOCS, sendError } from './http.js'
import { createRng } from './prng.js'
import type { Emulator, RequestContext, SeedArtifact } from './types.js'

/** GitHub's secondary limit, scaled down for tests (GitHub: 900 points a minute, 100 in flight). */
export interface SecondaryLimitOptions {
  /** Points a token may spend per window: GET/HEAD/OPTIONS cost 1, other methods 5. */
  pointsPerWindow: number
  /** Fixed windows, starting at the token's first request. */
  windowMs: number
  /** Most requests of one token in flight at once; more answer 403. Default: no cap. */
  concurrency?: number
  /** `retry-after` on the 403: 'window' (seconds to the window's end, the default), 'none', or seconds. */
  retryAfter?: 'window' | 'none' | number
  /** How long a concurrency-cap episode lasts without retry-after (ms, default 1000). */
  concurrencyPenaltyMs?: number
}

export interface FaultOptions {
  /** Seed of the random source (mulberry32). */
  seed: number
  /** Added latency of each API request, uniform in [min, max] ms. */
  latencyMs?: [number, number]
  /** Chance that an API request answers a 5xx (500, 502, 503 or 504) without being processed. */
  serverErrorRate?: number
  /** Chance that the connection is destroyed without an answer, before processing. */
  resetRate?: number
  /** Chance that a DELETE takes effect and then answers 502. */
  deleteThen502Rate?: number
  /** Chance that an API request never answers (the client has to time out). */
  hangRate?: number
  /** Every API request hangs (a hung server). */
  hangAll?: boolean
  secondary?: SecondaryLimitOptions
  /**
   * Chance that a request finds the primary budget spent by someone else (another workflow): it and
   * every request until the token's current primary window resets answer 403 "API rate limit
   * exceeded" with `x-ratelimit-remaining: 0` and that window's `x-ratelimit-reset`. Give the
   * emulator a short `rateLimit.windowMs` so the reset is near.
   */
  primaryExhaustion?: { rate: number }

  /** Each list request of `repository` first adds `perListRequest` new artifacts (newest of all). */
  uploads?: { repository: string; perListRequest: number; names?: string[]; max?: number }
  /**
   * Makes faults certain whatever the random draws: the n-th API request (1-based; for
   * deleteThen502 the n-th DELETE), or the first one after it that can take the fault (one already
   * answered by a rate limit cannot), gets that fault. Which request that is depends on timing;
   * that there is one does not.
   */
  forceAt?: Partial<Record<ForcedFault, number[]>>
  /** Requests arriving this soon after a limit was signalled are not violations (already on the wire). Default 250 ms. */
  violationGraceMs?: number
  /** Clock, default Date.now (pass the emulator's). */
  now?: () => number
}

/** Faults that `forceAt` can place. */
export type ForcedFault = 'serverError' | 'reset' | 'deleteThen502' | 'hang' | 'primary'

/** A request that arrived while its token was limited, after the grace. */
export interface Violation {
  method: string
  path: string
  at: number
  kind: 'secondary' | 'primary'
  /** How long after the limit was first signalled. */
  sinceSignalMs: number
}

export interface FaultStats {
  /** Faults injected, by kind. */
  injected: Record<
    'latency' | 'serverError' | 'reset' | 'deleteThen502' | 'hang' | 'secondary' | 'primary',
    number
  >
  /** Secondary-limit episodes (each starts with a first limited answer). */
  secondaryEpisodes: number
  violations: Violation[]
  /** Ids of the artifacts uploaded during listings. */
  uploaded: number[]
  /** Most requests in flight at once (all tokens). */
  maxInFlight: number
}

export interface FaultController {
  stats: FaultStats
  /** Removes the hook. */
  remove(): void
}

interface TokenState {
  windowStart: number
  points: number
  inFlight: number
  /** Limited until (ms), and when that episode was signalled. */
  limitedUntil: number
  signalledAt: number
  kind: 'secondary' | 'primary'
}

const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID.'

/** Installs the faults on a running emulator; returns their statistics. */
export function installFaults(emulator: Emulator, options: FaultOptions): FaultController {
  const rng = createRng(options.seed)
  const now = options.now ?? Date.now
  const grace = options.violationGraceMs ?? 250
  const tokens = new Map<string, TokenState>()
  const stats: FaultStats = {
    injected: {
      latency: 0,
      serverError: 0,
      reset: 0,
      deleteThen502: 0,
      hang: 0,
      secondary: 0,
      primary: 0
    },
    secondaryEpisodes: 0,
    violations: [],
    uploaded: [],
    maxInFlight: 0
  }
  let inFlight = 0
  let uploadSerial = 0
  let apiSerial = 0
  let deleteSerial = 0
  const pending = new Map<ForcedFault, number>()
  const due = (kind: ForcedFault, n: number): void => {
    if (options.forceAt?.[kind]?.includes(n)) pending.set(kind, (pending.get(kind) ?? 0) + 1)
  }
  /** Takes one pending forced fault of this kind, if any. */
  const forced = (kind: ForcedFault): boolean => {
    const count = pending.get(kind) ?? 0
    if (count === 0) return false
    pending.set(kind, count - 1)
    return true
  }

  const stateOf = (token: string): TokenState => {
    let state = tokens.get(token)
    if (!state) {
      state = {
        windowStart: now(),
        points: 0,
        inFlight: 0,
        limitedUntil: 0,
        signalledAt: 0,
        kind: 'secondary'
      }
      tokens.set(token, state)
    }
    return state
  }

  const hook = async (ctx: RequestContext): Promise<boolean> => {
    if (ctx.kind !== 'api' || ctx.path === '/rate_limit') return false
    const state = stateOf(ctx.token ?? '')
    const n = ++apiSerial
    for (const kind of ['serverError', 'reset', 'hang', 'primary'] as const) due(kind, n)
    if (ctx.method === 'DELETE') due('deleteThen502', ++deleteSerial)
    // Every random draw happens in the same order for every request, so a seed replays.
    const draws = {
      hang: rng.next(),
      latency: rng.next(),
      primary: rng.next(),
      reset: rng.next(),
      serverError: rng.next(),
      status: rng.next(),
      delete502: rng.next()
    }
    inFlight += 1
    state.inFlight += 1
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight)
    ctx.res.on('close', () => {
      inFlight -= 1
      state.inFlight -= 1
    })

    if (options.hangAll || draws.hang < (options.hangRate ?? 0) || forced('hang')) {
      stats.injected.hang += 1
      return true // never answers; the socket closes when the client gives up
    }
    if (options.latencyMs) {
      const [min, max] = options.latencyMs
      stats.injected.latency += 1
      await new Promise((resolve) => setTimeout(resolve, min + draws.latency * (max - min)))
    }
    if (limitedNow(ctx, state)) return true
    if (options.secondary && secondaryLimit(ctx, state, options.secondary)) return true
    if (draws.primary < (options.primaryExhaustion?.rate ?? 0) || forced('primary')) {
      stats.injected.primary += 1
      signal(state, 'primary', emulator.rateLimit(ctx.token ?? '').reset * 1000)
      answerPrimary(ctx, state.limitedUntil)
      return true
    }
    if (draws.reset < (options.resetRate ?? 0) || forced('reset')) {
      stats.injected.reset += 1
      ctx.req.socket.destroy()
      return true
    }
    if (draws.serverError < (options.serverErrorRate ?? 0) || forced('serverError')) {
      stats.injected.serverError += 1
      const status = [500, 502, 503, 504][Math.floor(draws.status * 4)]
      sendError(responder(ctx), status, status === 500 ? 'Server Error' : 'Bad Gateway')
      return true
    }
    if (
      ctx.method === 'DELETE' &&
      (draws.delete502 < (options.deleteThen502Rate ?? 0) || forced('deleteThen502'))
    ) {
      stats.injected.deleteThen502 += 1
      answer502AfterEffect(ctx)
    }
    if (options.uploads && ctx.method === 'GET' && /\/actions\/artifacts$/.test(ctx.path)) {
      upload(options.uploads)
    }
    return false
  }

  /** Already limited: answer as GitHub does, and record a violation past the grace. */
  function limitedNow(ctx: RequestContext, state: TokenState): boolean {
    const t = now()
    if (t >= state.limitedUntil) return false
    if (t - state.signalledAt > grace) {
      stats.violations.push({
        method: ctx.method,
        path: ctx.path,
        at: t,
        kind: state.kind,
        sinceSignalMs: t - state.signalledAt
      })
    }
    if (state.kind === 'primary') {
      stats.injected.primary += 1
      answerPrimary(ctx, state.limitedUntil)
    } else {
      stats.injected.secondary += 1
      answerSecondary(ctx, state.limitedUntil)
    }
    return true
  }

  function secondaryLimit(
    ctx: RequestContext,
    state: TokenState,
    limit: SecondaryLimitOptions
  ): boolean {
    const t = now()
    if (t >= state.windowStart + limit.windowMs) {
      state.windowStart = t - ((t - state.windowStart) % limit.windowMs)
      state.points = 0
    }
    const windowEnd = state.windowStart + limit.windowMs
    const cost = ['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) ? 1 : 5
    let until: number | undefined
    if (limit.concurrency !== undefined && state.inFlight > limit.concurrency) {
      until = t + (limit.concurrencyPenaltyMs ?? 1000)
    } else if (state.points + cost > limit.pointsPerWindow) {
      until = windowEnd
    }
    if (until === undefined) {
      state.points += cost
      return false
    }
    stats.injected.secondary += 1
    stats.secondaryEpisodes += 1
    signal(state, 'secondary', until)
    answerSecondary(ctx, until, limit.retryAfter ?? 'window')
    return true
  }

  function signal(state: TokenState, kind: 'secondary' | 'primary', until: number): void {
    state.kind = kind
    state.signalledAt = now()
    state.limitedUntil = until
  }

  function answerSecondary(
    ctx: RequestContext,
    until: number,
    retryAfter: SecondaryLimitOptions['retryAfter'] = options.secondary?.retryAfter ?? 'window'
  ): void {
    const headers: Record<string, string> = {}
    if (retryAfter === 'window')
      headers['retry-after'] = String(Math.max(1, Math.ceil((until - now()) / 1000)))
    else if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter)
    sendError(responder(ctx), 403, SECONDARY_MESSAGE, DOCS.rateLimit, headers)
  }

  function answerPrimary(ctx: RequestContext, resetAt: number): void {
    const limit = String(emulator.rateLimit(ctx.token ?? '').limit)
    sendError(
      responder(ctx),
      403,
      'API rate limit exceeded for installation ID 1.',
      DOCS.rateLimit,
      {
        'x-ratelimit-limit': limit,
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': limit,
        'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
        'x-ratelimit-resource': 'core'
      }
    )
  }

  function upload(uploads: NonNullable<FaultOptions['uploads']>): void {
    if (uploads.max !== undefined && stats.uploaded.length >= uploads.max) return
    const repoId = emulator.repositoryId(uploads.repository)
    const names = uploads.names ?? ['build-linux', 'test-results']
    const seeds: SeedArtifact[] = []
    for (let i = 0; i < uploads.perListRequest; i++) {
      uploadSerial += 1
      const created = new Date(now())
      const id = 9_000_000_000 + uploadSerial
      seeds.push({
        id,
        name: `${names[uploadSerial % names.length]}-upload-${uploadSerial}`,
        created_at: created.toISOString(),
        expires_at: new Date(created.getTime() + 90 * 86_400_000).toISOString(),
        expired: false,
        workflow_run: {
          id: 8_000_000_000 + uploadSerial,
          repository_id: repoId,
          head_repository_id: repoId,
          head_branch: 'main',
          head_sha: rng.hex(40)
        },
        content: Buffer.from(`uploaded while listing ${uploadSerial}`)
      })
      stats.uploaded.push(id)
    }
    emulator.addArtifacts(uploads.repository, seeds)
  }

  const remove = emulator.addHook(hook)
  return { stats, remove }
}

/** The hook context answers like the routes do (its own headers, the record's status). */
function responder(ctx: RequestContext): Parameters<typeof sendError>[0] {
  const headers = (ctx as { headers?: Record<string, string> }).headers ?? {}
  return { res: ctx.res, record: ctx.record, headers }
}

/** Lets the route do its work (the DELETE takes effect) and turns its answer into a 502. */
function answer502AfterEffect(ctx: RequestContext): void {
  const res = ctx.res
  const body = JSON.stringify({
    message: 'Bad Gateway',
    documentation_url: DOCS.root,
    status: '502'
  })
  // Whatever status and body the route chose, the client sees a 502.
  res.writeHead = (() => {
    ctx.record.status = 502
    return Object.getPrototypeOf(res).writeHead.call(res, 502, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body))
    })
  }) as typeof res.writeHead
  res.end = (() => Object.getPrototypeOf(res).end.call(res, body)) as typeof res.end
}
