import { RequestError } from '@octokit/request-error'

/**
 * An error as Octokit throws it for an HTTP failure (the real RequestError class, so the code
 * under test sees exactly the shape it gets in production).
 */
export function httpError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  url = 'https://api.github.com/repos/octo-org/widgets/actions/artifacts/1'
): RequestError {
  return new RequestError(message, status, {
    request: { method: 'DELETE', url, headers: {} },
    response: { status, url, headers, data: { message } }
  })
}

/** 403 for a token without `actions: write`. */
export function permissionDenied(): RequestError {
  return httpError(403, 'Resource not accessible by integration', {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4990'
  })
}

/** 403 for the primary rate limit running out. */
export function primaryRateLimited(resetSeconds = 1_748_779_200): RequestError {
  return httpError(403, 'API rate limit exceeded for installation ID 1.', {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(resetSeconds)
  })
}

/** 403 for the secondary rate limit, with retry-after. */
export function secondaryRateLimited(): RequestError {
  return httpError(403, 'You have exceeded a secondary rate limit. Please wait a few minutes.', {
    'retry-after': '60',
    'x-ratelimit-remaining': '4000'
  })
}

/** A 5xx that outlived the retries. */
export function serverError(status = 500): RequestError {
  return httpError(status, 'Server Error')
}
