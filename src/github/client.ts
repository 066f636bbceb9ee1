import { getOctokit } from '@actions/github'
import { ActionError } from '../errors.js'
import { type Clock, type Log, systemClock } from '../log.js'
import type { Settings } from '../settings.js'
import { RequestTimeoutError, isSecondaryRateLimited } from './errors.js'
import type { RateBudget } from './rate-budget.js'
import { type Attempts, DEFAULT_TUNING, type RetryTuning, decideRetry } from './retry.js'
import { Throttle } from './throttle.js'

/** The Octokit the action uses; only src/github/ sees it. */
export type Octokit = ReturnType<typeof getOctokit>

/** The pacing of writes, shared with the delete operation (src/operations/pacer.ts). */
export interface WritePacer {
  /** Resolves when the next write may start. */
  next(): Promise<void>
  /** A secondary rate limit answered: go slower. */
  slowDown(): void
  /** A write succeeded. */
  succeeded(): void
}

/** What the client is built with besides the settings. */
export interface ClientOptions {
  tuning?: Partial<RetryTuning>
  /** Paces the retries of writes, and is told of secondary limits (first attempts are paced by the operation). */
  pacer?: WritePacer
  clock?: Clock
  /** Jitter source, [0, 1). */
  random?: () => number
  /** Retries and waits are logged at debug level. */
  log?: Pick<Log, 'debug'>
  /** Replaces fetch (tests). */
  fetch?: typeof fetch
}

/** Environment variables that tune retries and timeouts (documented in README.md). */
export const TUNING_ENV: Record<keyof RetryTuning, string> = {
  requestTimeoutMs: 'ARTIFACT_KEEPER_REQUEST_TIMEOUT_MS',
  retries: 'ARTIFACT_KEEPER_RETRIES',
  retryBaseMs: 'ARTIFACT_KEEPER_RETRY_BASE_MS',
  secondaryWaitMs: 'ARTIFACT_KEEPER_SECONDARY_WAIT_MS',
  maxWaitMs: 'ARTIFACT_KEEPER_MAX_WAIT_MS'
}

/** Reads the tuning variables; unset ones keep the defaults. Throws naming a bad one. */
export function readTuning(env: Record<string, string | undefined>): RetryTuning {
  const tuning = { ...DEFAULT_TUNING }
  for (const key of Object.keys(TUNING_ENV) as (keyof RetryTuning)[]) {
    const raw = env[TUNING_ENV[key]]?.trim()
    if (raw === undefined || raw === '') continue
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN
    const min = key === 'requestTimeoutMs' ? 1 : 0
    if (!Number.isSafeInteger(value) || value < min) {
      throw new ActionError(
        `Environment variable ${TUNING_ENV[key]} has an invalid value '${raw}': expected a whole number ` +
          `${min} or more (${key === 'retries' ? 'retries' : 'milliseconds'}); unset it for the default ${DEFAULT_TUNING[key]}.`
      )
    }
    tuning[key] = value
  }
  return tuning
}

interface RequestOptions {
  method: string
  url: string
  request?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * Creates the Octokit client: the token goes here and nowhere else; base URL from the settings
 * (GITHUB_API_URL on GHES and in tests). Every request goes through one wrapper that, per attempt:
 * waits out a secondary limit and stays under the (adaptive) concurrency bound; checks the primary
 * budget (waiting for a near reset, else ReserveReachedError); aborts after the request timeout;
 * feeds the rate-limit headers to the budget; and retries as `decideRetry` says. The throttling and
 * retry plugins are not used: see README.md ("Rate limits, retries and timeouts") for why.
 */
export function createOctokit(
  settings: Pick<Settings, 'token' | 'apiUrl' | 'concurrency'>,
  budget: RateBudget,
  options: ClientOptions = {}
): Octokit {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning }
  const clock = options.clock ?? systemClock
  const throttle = new Throttle(settings.concurrency, clock)
  const octokit = getOctokit(settings.token, {
    baseUrl: settings.apiUrl,
    userAgent: 'artifact-keeper',
    ...(options.fetch ? { request: { fetch: options.fetch } } : {})
  })
  const context: AttemptContext = { budget, throttle, tuning, clock, pacer: options.pacer }
  octokit.hook.wrap('request', async (request, endpoint) => {
    const opts = endpoint as unknown as RequestOptions
    // Inner hooks (auth) are bound to this very options object: set the signal on it, in place.
    const base = opts.request ?? {}
    const send = async (signal: AbortSignal): Promise<unknown> => {
      opts.request = { ...base, signal }
      return request(endpoint)
    }
    const attempts: Attempts = { transient: 0, rateLimited: 0 }
    for (let attempt = 0; ; attempt++) {
      const isRetryOfWrite = attempt > 0 && opts.method !== 'GET' && opts.method !== 'HEAD'
      if (isRetryOfWrite) await options.pacer?.next()
      const outcome = await sendOnce(context, send)
      if (outcome.ok) {
        if (opts.method === 'DELETE') options.pacer?.succeeded()
        return outcome.response as Awaited<ReturnType<typeof request>>
      }
      const decision = decideRetry(outcome.error, attempts, tuning, clock.now(), options.random)
      const url = expandedUrl(octokit, endpoint)
      if (!decision.retry) {
        if (outcome.timedOut)
          throw new RequestTimeoutError(opts.method, url, tuning.requestTimeoutMs, attempt + 1)
        throw outcome.error
      }
      if (decision.kind === 'transient') attempts.transient += 1
      else attempts.rateLimited += 1
      if (decision.kind === 'secondary' && throttle.pause(decision.waitMs))
        options.pacer?.slowDown()
      options.log?.debug(
        `${opts.method} ${url}: ${outcome.timedOut ? 'timed out' : decision.reason}; retrying in ${decision.waitMs} ms`
      )
      await clock.sleep(decision.waitMs)
    }
  })
  return octokit
}

interface AttemptContext {
  budget: RateBudget
  throttle: Throttle
  tuning: RetryTuning
  clock: Clock
  pacer?: WritePacer
}

type Outcome = { ok: true; response: unknown } | { ok: false; error: unknown; timedOut: boolean }

/** One attempt: throttle, budget, timeout, headers to the budget. Throws only ReserveReachedError. */
async function sendOnce(
  { budget, throttle, tuning }: AttemptContext,
  send: (signal: AbortSignal) => Promise<unknown>
): Promise<Outcome> {
  await throttle.acquire()
  let done: (() => void) | undefined
  let limited = false
  try {
    done = await budget.acquire()
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, tuning.requestTimeoutMs)
    try {
      const response = await send(controller.signal)
      observe(budget, response)
      return { ok: true, response }
    } catch (error) {
      observe(budget, error)
      limited = isSecondaryRateLimited(error)
      return { ok: false, error, timedOut }
    } finally {
      clearTimeout(timer)
    }
  } finally {
    done?.()
    throttle.release(!limited)
  }
}

/** The request's URL with its parameters filled in (no secrets: the token is a header). */
function expandedUrl(octokit: Octokit, endpoint: object): string {
  try {
    return octokit.request.endpoint.parse(endpoint as never).url
  } catch {
    return String((endpoint as RequestOptions).url)
  }
}

function observe(budget: RateBudget, responseOrError: unknown): void {
  const carrier = responseOrError as {
    headers?: Record<string, string>
    response?: { headers?: Record<string, string> }
  }
  const headers = carrier?.response?.headers ?? carrier?.headers
  if (headers) budget.observe(headers)
}
