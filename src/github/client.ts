import { getOctokit } from '@actions/github'
import { ActionError } from '../errors.js'
import { type Clock, type Log, systemClock } from '../log.js'
import { RequestTimeoutError, classifyError } from './errors.js'
import { proxyAwareFetch } from './proxy.js'
import { type Attempts, DEFAULT_TUNING, type RetryTuning, decideRetry } from './retry.js'
import type { Traffic } from './traffic.js'

/** The Octokit the action uses; only src/github/ sees it. */
export type Octokit = ReturnType<typeof getOctokit>

/** What the client is built with besides the settings. */
export interface ClientOptions {
  tuning?: Partial<RetryTuning>
  clock?: Clock
  /** Jitter source, [0, 1). */
  random?: () => number
  /** Retries and waits are logged at debug level. */
  log?: Pick<Log, 'debug'>
  /** Replaces fetch (tests). */
  fetch?: typeof fetch
}

/** The REST API version every request asks for (X-GitHub-Api-Version). */
export const API_VERSION = '2022-11-28'

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
 * (GITHUB_API_URL on GHES and in tests). Every request attempt, first attempts and retries alike,
 * passes the one Traffic control (src/github/traffic.ts: concurrency bound, write pacing, primary
 * budget), is aborted after the request timeout, and is retried as `decideRetry` says. The
 * throttling and retry plugins are not used: see README.md ("Rate limits, retries and timeouts").
 */
export function createOctokit(
  settings: { token: string; apiUrl: string },
  traffic: Traffic,
  options: ClientOptions = {}
): Octokit {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning }
  const clock = options.clock ?? systemClock
  const octokit = getOctokit(settings.token, {
    baseUrl: settings.apiUrl,
    userAgent: 'artifact-keeper',
    // Every request honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY for its own URL (src/github/proxy.ts).
    request: { fetch: options.fetch ?? proxyAwareFetch }
  })
  octokit.hook.wrap('request', async (request, endpoint) => {
    const opts = endpoint as unknown as RequestOptions
    // The REST API version the action is written against, on every request.
    opts.headers = { ...(opts.headers as object), 'x-github-api-version': API_VERSION }
    // Inner hooks (auth) are bound to this very options object: set the signal on it, in place.
    const base = opts.request ?? {}
    const send = async (signal: AbortSignal): Promise<unknown> => {
      opts.request = { ...base, signal }
      return request(endpoint)
    }
    const attempts: Attempts = { transient: 0, rateLimited: 0 }
    for (let attempt = 0; ; attempt++) {
      const outcome = await sendOnce(traffic, opts.method, tuning.requestTimeoutMs, send)
      if (outcome.ok) return outcome.response as Awaited<ReturnType<typeof request>>
      const decision = decideRetry(outcome.error, attempts, tuning, clock.now(), options.random)
      const url = expandedUrl(octokit, endpoint)
      if (!decision.retry) {
        // The budget ran dry under us (another workflow of the repository spent it) and the reset
        // is too far to wait for: that is the reserve reached, not a failure.
        if (classifyError(outcome.error).kind === 'primary-rate-limit')
          throw traffic.budget.reserveReached()
        if (outcome.timedOut)
          throw new RequestTimeoutError(opts.method, url, tuning.requestTimeoutMs, attempt + 1)
        throw outcome.error
      }
      if (decision.kind === 'transient') attempts.transient += 1
      else attempts.rateLimited += 1
      if (decision.kind === 'secondary') traffic.secondaryLimit(decision.waitMs)
      options.log?.debug(
        `${opts.method} ${url}: ${outcome.timedOut ? 'timed out' : decision.reason}; retrying in ${decision.waitMs} ms`
      )
      await clock.sleep(decision.waitMs)
    }
  })
  return octokit
}

type Outcome = { ok: true; response: unknown } | { ok: false; error: unknown; timedOut: boolean }

/** One attempt through the traffic control, with its timeout. Throws only what admit throws. */
async function sendOnce(
  traffic: Traffic,
  method: string,
  timeoutMs: number,
  send: (signal: AbortSignal) => Promise<unknown>
): Promise<Outcome> {
  const ticket = await traffic.admit(method)
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  let outcome: Outcome
  try {
    outcome = { ok: true, response: await send(controller.signal) }
  } catch (error) {
    outcome = { ok: false, error, timedOut }
  } finally {
    clearTimeout(timer)
  }
  traffic.settle(ticket, outcome)
  return outcome
}

/** The request's URL with its parameters filled in (no secrets: the token is a header). */
function expandedUrl(octokit: Octokit, endpoint: object): string {
  try {
    return octokit.request.endpoint.parse(endpoint as never).url
  } catch {
    return String((endpoint as RequestOptions).url)
  }
}
