import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../src/errors.js'
import {
  classifyError,
  describeRequestError,
  isRateLimited,
  permissionError,
  statusOf
} from '../../src/github/errors.js'
import { ResponseShapeError } from '../../src/github/validate.js'
import {
  httpError,
  permissionDenied,
  primaryRateLimited,
  secondaryRateLimited,
  serverError
} from '../../__fixtures__/http-error.js'

const REPOSITORY = 'octo-org/widgets'

describe('statusOf', () => {
  it('reads the status of a request error, and nothing else', () => {
    expect(statusOf(serverError(503))).toBe(503)
    expect(statusOf(new Error('boom'))).toBeUndefined()
    expect(statusOf(undefined)).toBeUndefined()
    expect(statusOf('500')).toBeUndefined()
  })
})

describe('isRateLimited', () => {
  it.each([
    ['a primary rate limit 403', primaryRateLimited()],
    ['a secondary rate limit 403', secondaryRateLimited()],
    ['a 429', httpError(429, 'Too Many Requests')],
    ['a 403 saying rate limit', httpError(403, 'API rate limit exceeded')]
  ])('%s is a rate limit', (_, error) => {
    expect(isRateLimited(error)).toBe(true)
  })

  it.each([
    ['a permission 403', permissionDenied()],
    [
      'a 403 with remaining requests',
      httpError(403, 'Forbidden', { 'x-ratelimit-remaining': '1' })
    ],
    ['a 500', serverError()],
    ['a 404', httpError(404, 'Not Found')],
    ['a plain error', new Error('rate limit')]
  ])('%s is not a rate limit', (_, error) => {
    expect(isRateLimited(error)).toBe(false)
  })
})

describe('messages that say what to change', () => {
  it('permission: actions: write, the repository, and the token input', () => {
    const error = permissionError(REPOSITORY)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('actions: write')
    expect(error.message).toContain(REPOSITORY)
    expect(error.message).toContain("'token'")
  })

  it('401: the token was rejected', () => {
    expect(describeRequestError(httpError(401, 'Bad credentials'), REPOSITORY).message).toMatch(
      /token was rejected/
    )
  })

  it('404: the repository was not found or is not visible', () => {
    const message = describeRequestError(httpError(404, 'Not Found'), REPOSITORY).message
    expect(message).toContain(REPOSITORY)
    expect(message).toContain("'repository'")
  })

  it('403: read permission', () => {
    const message = describeRequestError(permissionDenied(), REPOSITORY).message
    expect(message).toContain('actions: read')
  })

  it('a rate-limited 403 and other failures keep their own error', () => {
    const limited = primaryRateLimited()
    expect(describeRequestError(limited, REPOSITORY)).toBe(limited)
    const broken = serverError()
    expect(describeRequestError(broken, REPOSITORY)).toBe(broken)
    expect(describeRequestError('text', REPOSITORY).message).toBe('text')
  })
})

describe('answers of the wrong shape (issue 11)', () => {
  it('a ResponseShapeError is final: never retried, not taken for a dropped connection', () => {
    const error = new ResponseShapeError(
      'GET /repos/o/r/actions/artifacts (page 1)',
      'an artifact list',
      'x'
    )
    expect(classifyError(error).kind).toBe('final')
  })

  it("fetch's messages lose a URL's user:password", () => {
    const error = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: http://u:PASS@h/x'
    )
    const message = describeRequestError(error, REPOSITORY).message
    expect(message).not.toContain('PASS')
    expect(message).toContain('http://***@h/x')
  })
})
