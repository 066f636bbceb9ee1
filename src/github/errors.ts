import { RequestError } from '@octokit/request-error'
import { ActionError, errorMessage } from '../errors.js'
import { redactCredentials } from '../report/escape.js'
import { ResponseShapeError } from './validate.js'

/** What a failed request means, decided once here for the client, the APIs and the operations. */
export type ErrorKind =
  /** 403/429 with `x-ratelimit-remaining: 0` and no `retry-after`: wait for the reset. */
  | 'primary-rate-limit'
  /** 403/429 with `retry-after` or "secondary rate limit", and every other 429. */
  | 'secondary-rate-limit'
  /** 403 that says "rate limit" without saying how long to wait: not retried, not a permission. */
  | 'rate-limit'
  /** 403 that is not a rate limit: the token lacks a permission. */
  | 'permission'
  | 'not-found'
  /** 5xx, a dropped connection, a timeout: trying again may work. */
  | 'transient'
  /** Any other HTTP failure (400, 401, 409, 410, 422, ...): trying again cannot fix it. */
  | 'final'

/** An error's classification, with the parts the retry algorithm reads. */
export interface ErrorClass {
  kind: ErrorKind
  status?: number
  /** The response's headers (empty when there was no response). */
  headers: Record<string, string | number | undefined>
  /** Whether the server answered at all. */
  hasResponse: boolean
}

/** The HTTP status of an Octokit request error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof RequestError) return error.status
  const status = (error as { status?: unknown } | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

function responseOf(
  error: unknown
): { headers?: Record<string, string | number | undefined> } | undefined {
  if (error instanceof RequestError) return error.response
  return (error as { response?: { headers?: Record<string, string | number | undefined> } })
    ?.response
}

/** The one error classifier: rate limit (primary or secondary), permission, not found, transient, final. */
export function classifyError(error: unknown): ErrorClass {
  // A 200 whose body is not what the endpoint promises: asking again gets the same answer.
  if (error instanceof ResponseShapeError) return { kind: 'final', headers: {}, hasResponse: true }
  const status = statusOf(error)
  const response = responseOf(error)
  const headers = response?.headers ?? {}
  const hasResponse = response !== undefined
  const base = { status, headers, hasResponse }
  if (status === 403 || status === 429) {
    const retryAfter = headers['retry-after'] !== undefined
    if (String(headers['x-ratelimit-remaining']) === '0' && !retryAfter)
      return { kind: 'primary-rate-limit', ...base }
    if (status === 429 || retryAfter || /secondary rate limit/i.test(errorMessage(error)))
      return { kind: 'secondary-rate-limit', ...base }
    if (/rate limit/i.test(errorMessage(error))) return { kind: 'rate-limit', ...base }
    // An archived repository refuses every write: not the token's permission, and not retried.
    if (/repository was archived/i.test(errorMessage(error))) return { kind: 'final', ...base }
    return { kind: 'permission', ...base }
  }
  if (status === 404) return { kind: 'not-found', ...base }
  if (status === undefined || status >= 500 || !hasResponse) return { kind: 'transient', ...base }
  return { kind: 'final', ...base }
}

/** Whether a 403/429 is a rate limit rather than a missing permission. */
export function isRateLimited(error: unknown): boolean {
  const kind = classifyError(error).kind
  return kind === 'primary-rate-limit' || kind === 'secondary-rate-limit' || kind === 'rate-limit'
}

/** A secondary (abuse) rate limit: GitHub says "secondary rate limit", or sends `retry-after`. */
export function isSecondaryRateLimited(error: unknown): boolean {
  const status = statusOf(error)
  if (status !== 403 && status !== 429) return false
  const headers = responseOf(error)?.headers ?? {}
  return headers['retry-after'] !== undefined || /secondary rate limit/i.test(errorMessage(error))
}

/**
 * A write that was not sent because an earlier write was refused for lack of permission: the
 * same token cannot do better, so nothing more is started.
 */
export class WriteRefusedError extends ActionError {
  constructor(message: string) {
    super(message)
    this.name = 'WriteRefusedError'
  }
}

/**
 * The primary rate limit's remaining requests reached the reserve and the window does not reset
 * soon enough to wait for it: nothing new is started. Not a failure of the step.
 */
export class ReserveReachedError extends ActionError {
  constructor(
    readonly remaining: number | undefined,
    readonly limit: number | undefined,
    readonly reserve: number,
    readonly resetAt: number | undefined,
    /** Artifacts of the scope not yet examined, when a listing was stopped and knew its total. */
    readonly pending?: number
  ) {
    super(
      `The API rate limit reached the reserve (${remaining ?? '?'} of ${limit ?? '?'} requests left, ` +
        `reserve ${reserve}); it resets at ${resetAt ? new Date(resetAt).toISOString() : 'an unknown time'}. ` +
        "Stopped starting new work; the next run carries on (lower 'rate-limit-reserve' to use more of the budget)."
    )
    this.name = 'ReserveReachedError'
  }

  /** The same stop, knowing how many artifacts of the scope were left unexamined. */
  withPending(pending: number | undefined): ReserveReachedError {
    return new ReserveReachedError(this.remaining, this.limit, this.reserve, this.resetAt, pending)
  }
}

/** A request that did not answer within the request timeout, every time it was tried. */
export class RequestTimeoutError extends ActionError {
  constructor(
    readonly method: string,
    readonly url: string,
    timeoutMs: number,
    attempts: number
  ) {
    super(
      `${method} ${url} did not answer within ${timeoutMs / 1000} s (${attempts} attempt(s)). ` +
        'The API may be down or overloaded; run the step again later, or raise ARTIFACT_KEEPER_REQUEST_TIMEOUT_MS.'
    )
    this.name = 'RequestTimeoutError'
  }
}

/**
 * The permission an endpoint needs, as a workflow's `permissions:` block names it: `actions: read`
 * (list, get, download artifacts and runs), `actions: write` (delete), `pull-requests: read` (a
 * pull request), `contents: read` (tags). Each 403 names its own endpoint's.
 */
export type Permission =
  'actions: read' | 'actions: write' | 'pull-requests: read' | 'contents: read'

const ENDPOINT_WORDS: Record<Permission, string> = {
  'actions: read': 'read the artifacts and workflow runs of',
  'actions: write': 'delete artifacts in',
  'pull-requests: read': 'read the pull requests of',
  'contents: read': 'read the tags of'
}

/** The workflow lacks `actions: write` (or the token cannot write to this repository). */
export function permissionError(repository: string): ActionError {
  return new ActionError(
    `The token may not delete artifacts in ${repository} (403). Give the workflow ` +
      "'permissions: actions: write', or pass a token with write access to Actions through the 'token' input."
  )
}

/**
 * Turns an API failure into a message that says what to change: 401 the token, 404 the
 * repository, 403 the permissions; anything else keeps the API's own message.
 */
export function describeRequestError(
  error: unknown,
  repository: string,
  permission: Permission = 'actions: read'
): Error {
  const status = statusOf(error)
  if (status === 401) {
    return new ActionError(
      "The token was rejected (401 Bad credentials): check the 'token' input; it may be expired or revoked."
    )
  }
  if (status === 404) {
    return new ActionError(
      `Repository ${repository} was not found or is not visible to this token (404): check the ` +
        "'repository' input, and for another repository pass a token that can read it through 'token'."
    )
  }
  if (status === 403 && !isRateLimited(error)) {
    return new ActionError(
      `The token may not ${ENDPOINT_WORDS[permission]} ${repository} (403): give the workflow ` +
        `'permissions: ${permission}' or pass a token that has it through the 'token' input.`
    )
  }
  // fetch's own messages may quote the URL: never its user:password
  const message = errorMessage(error)
  if (redactCredentials(message) !== message) return new Error(redactCredentials(message))
  return error instanceof Error ? error : new Error(String(error))
}
