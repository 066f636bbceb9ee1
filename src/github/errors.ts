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
