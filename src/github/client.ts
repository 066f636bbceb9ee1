import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import type { Settings } from '../settings.js'
import type { RateBudget } from './rate-budget.js'

/** The Octokit the action uses; only src/github/ sees it. */
export type Octokit = ReturnType<typeof getOctokit>

/** Extra knobs for tests: they shorten waits, they do not change behaviour. */
export interface ClientTuning {
  /** Base of the retry backoff in ms (plugin-retry waits base × (retry+1)²). */
  retryBaseMs?: number
}

/**
 * Creates the Octokit client: the token goes here and nowhere else; base URL from the settings
 * (GITHUB_API_URL on GHES and in tests); retries for 5xx, 429 and dropped connections; every
 * response's rate-limit headers feed the budget.
 */
export function createOctokit(
  settings: Pick<Settings, 'token' | 'apiUrl'>,
  budget: RateBudget,
  tuning: ClientTuning = {}
): Octokit {
  const octokit = getOctokit(
    settings.token,
    {
      baseUrl: settings.apiUrl,
      userAgent: 'artifact-keeper',
      retry: { retryAfterBaseValue: tuning.retryBaseMs ?? 1000 }
    },
    retry
  )
  octokit.hook.wrap('request', async (request, options) => {
    const done = budget.begin()
    try {
      const response = await request(options)
      budget.observe(response.headers as Record<string, string>)
      return response
    } catch (error) {
      const headers = (error as { response?: { headers?: Record<string, string> } }).response
        ?.headers
      if (headers) budget.observe(headers)
      throw error
    } finally {
      done()
    }
  })
  return octokit
}
