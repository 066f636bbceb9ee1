import { ActionError, errorMessage } from '../errors.js'

interface RequestErrorLike {
  status?: number
  response?: { headers?: Record<string, string | undefined>; data?: unknown }
}

/** The HTTP status of an Octokit request error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as RequestErrorLike | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

/** Whether a 403/429 is a rate limit rather than a missing permission. */
export function isRateLimited(error: unknown): boolean {
  const status = statusOf(error)
  if (status === 429) return true
  if (status !== 403) return false
  const headers = (error as RequestErrorLike).response?.headers ?? {}
  return (
    headers['x-ratelimit-remaining'] === '0' ||
    headers['retry-after'] !== undefined ||
    /rate limit/i.test(errorMessage(error))
  )
}

/** A secondary (abuse) rate limit: GitHub says "secondary rate limit", or sends `retry-after`. */
export function isSecondaryRateLimited(error: unknown): boolean {
  const status = statusOf(error)
  if (status !== 403 && status !== 429) return false
  const headers = (error as RequestErrorLike).response?.headers ?? {}
  return headers['retry-after'] !== undefined || /secondary rate limit/i.test(errorMessage(error))
}

/**
 * The primary rate limit's remaining requests reached the reserve and the window does not reset
 * soon enough to wait for it: nothing new is started. Not a failure of the step.
 */
export class ReserveReachedError extends ActionError {
  /** Artifacts of the scope not yet examined, when the listing was stopped and knew its total. */
  pending?: number

  constructor(
    readonly remaining: number | undefined,
    readonly limit: number | undefined,
    readonly reserve: number,
    readonly resetAt: number | undefined
  ) {
    super(
      `The API rate limit reached the reserve (${remaining ?? '?'} of ${limit ?? '?'} requests left, ` +
        `reserve ${reserve}); it resets at ${resetAt ? new Date(resetAt).toISOString() : 'an unknown time'}. ` +
        "Stopped starting new work; the next run carries on (lower 'rate-limit-reserve' to use more of the budget)."
    )
    this.name = 'ReserveReachedError'
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
export function describeRequestError(error: unknown, repository: string): Error {
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
      `The token may not read artifacts of ${repository} (403): give the workflow ` +
        "'permissions: actions: read' or pass a token that can through the 'token' input."
    )
  }
  return error instanceof Error ? error : new Error(String(error))
}
