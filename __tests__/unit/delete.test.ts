import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Artifact } from '../../src/artifact.js'
import type { RateBudget } from '../../src/github/rate-budget.js'
import { Traffic } from '../../src/github/traffic.js'
import { deleteOperation } from '../../src/operations/delete.js'
import type { OperationOutcome } from '../../src/operations/result.js'
import type { Selection } from '../../src/select.js'
import type { DeleteSettings, Reserve } from '../../src/settings.js'
import { artifacts, ids } from '../../__fixtures__/artifacts.js'
import { CoreRecorder } from '../../__fixtures__/core.js'
import { type FakeApiOptions, FakeArtifactsApi } from '../../__fixtures__/fake-artifacts-api.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  httpError,
  permissionDenied,
  primaryRateLimited,
  secondaryRateLimited,
  serverError
} from '../../__fixtures__/http-error.js'

const REPOSITORY = 'octo-org/widgets'
const RESET_SECONDS = 1_748_782_800 // 2025-06-01T13:00:00Z

function selectionOf(selected: Artifact[], notReached: Artifact[] = []): Selection {
  return { selected, notReached, spared: [], listed: selected.length + notReached.length }
}

/** What these tests vary: the settings delete and the traffic control read. */
interface DeleteOptions {
  dryRun: boolean
  concurrency: number
  deletesPerMinute: number
}

function options(given: Partial<DeleteOptions> = {}): DeleteOptions {
  return { dryRun: false, concurrency: 1, deletesPerMinute: 0, ...given }
}

function settingsOf(given: DeleteOptions): DeleteSettings {
  const [owner, repo] = REPOSITORY.split('/')
  return {
    mode: 'delete',
    token: 't',
    owner,
    repo,
    scope: { kind: 'repository' },
    criteria: {
      names: ['*'],
      includeExpired: false,
      keepLatest: 0,
      keepLatestBy: 'name',
      order: 'oldest-first'
    },
    dryRun: given.dryRun,
    ifNoneFound: 'ignore',
    reserve: { kind: 'percent', value: 10 },
    concurrency: given.concurrency,
    deletesPerMinute: given.deletesPerMinute,
    apiUrl: 'https://api.example.test',
    serverUrl: 'https://github.com'
  }
}

/** The traffic control the client would put in front of the API. */
function trafficOf(
  given: DeleteOptions,
  reserve: Reserve = { kind: 'percent', value: 10 }
): Traffic {
  return new Traffic(
    {
      reserve,
      concurrency: given.concurrency,
      writesPerMinute: given.deletesPerMinute,
      maxWaitMs: 0,
      repository: REPOSITORY
    },
    clock
  )
}

let clock: FakeClock
let log: CoreRecorder

beforeEach(() => {
  clock = new FakeClock()
  log = new CoreRecorder()
})

/**
 * Runs delete over `list` (acting in the given order) against a fake holding `list`, behind a
 * traffic control of the given options (the client's pacing, bound and budget).
 */
async function run(
  list: Artifact[],
  given: Partial<DeleteOptions> = {},
  setup: (api: FakeArtifactsApi) => void = () => undefined,
  api = new FakeArtifactsApi(list, { clock }),
  reserve?: Reserve,
  notReached: Artifact[] = []
): Promise<{ api: FakeArtifactsApi; outcome: OperationOutcome; budget: RateBudget }> {
  setup(api)
  api.traffic ??= trafficOf(options(given), reserve)
  // What the listing's response told the budget.
  const headers = api.rateLimitHeaders()
  if (headers) api.traffic.budget.observe(headers)
  const deps = { api, log, clock, mask: () => undefined, backoffMs: () => 0 }
  const outcome = await deleteOperation(
    deps,
    selectionOf(list, notReached),
    settingsOf(options(given))
  )
  return { api, outcome, budget: api.traffic.budget }
}

function outcomes(results: { artifact: Artifact; outcome: string }[]): [number, string][] {
  return results.map((r) => [r.artifact.id, r.outcome])
}

describe('delete outcomes', () => {
  it('204: deleted, in the given order', async () => {
    const list = artifacts(4).reverse() // oldest first, as selection hands them over
    const { api, outcome } = await run(list)
    expect(api.deletedIds).toEqual([4, 3, 2, 1])
    expect(outcomes(outcome.results)).toEqual([
      [4, 'deleted'],
      [3, 'deleted'],
      [2, 'deleted'],
      [1, 'deleted']
    ])
    expect(api.artifacts.size).toBe(0)
    expect(outcome.fatal).toBeUndefined()
    expect(outcome.stopReason).toBeUndefined()
  })

  it('404: gone, not a failure', async () => {
    const list = artifacts(3)
    const api = new FakeArtifactsApi([list[0], list[2]], { clock })
    const { outcome } = await run(list, {}, undefined, api)
    expect(outcomes(outcome.results)).toEqual([
      [1, 'deleted'],
      [2, 'gone'],
      [3, 'deleted']
    ])
    expect(outcome.fatal).toBeUndefined()
    expect(log.warnings).toEqual([])
  })

  it('one failure (a 500 after retries) does not stop the rest', async () => {
    const list = artifacts(4)
    const { api, outcome } = await run(list, {}, (fake) => fake.failDelete(2, serverError(502)))
    expect(api.deletedIds).toEqual([1, 2, 3, 4])
    expect(outcomes(outcome.results)).toEqual([
      [1, 'deleted'],
      [2, 'failed'],
      [3, 'deleted'],
      [4, 'deleted']
    ])
    expect(outcome.results[1].error).toContain('Server Error')
    expect(outcome.fatal).toBeUndefined()
    expect([...api.artifacts.keys()]).toEqual([2])
    expect(log.warnings).toHaveLength(1)
  })

  it('several failures are each counted, with their error', async () => {
    const list = artifacts(5)
    const { outcome } = await run(list, { concurrency: 3 }, (fake) =>
      fake.failDelete(1, serverError()).failDelete(5, httpError(422, 'Unprocessable'))
    )
    const failed = outcome.results.filter((r) => r.outcome === 'failed')
    expect(ids(failed).sort()).toEqual([1, 5])
    expect(failed.map((r) => r.error)).toEqual(['Server Error', 'Unprocessable'])
    expect(outcome.results.filter((r) => r.outcome === 'deleted')).toHaveLength(3)
  })

  it('a 403 permission error stops at once: that one failed, fatal, the rest not reached', async () => {
    const list = artifacts(5)
    const { api, outcome } = await run(list, {}, (fake) => fake.failDelete(2, permissionDenied()))
    expect(api.deletedIds).toEqual([1, 2])
    expect(outcome.fatal).toBeInstanceOf(Error)
    expect(outcome.fatal?.message).toContain('actions: write')
    expect(outcome.fatal?.message).toContain(REPOSITORY)
    expect(outcomes(outcome.results)).toEqual([
      [1, 'deleted'],
      [2, 'failed'],
      [3, 'not-reached'],
      [4, 'not-reached'],
      [5, 'not-reached']
    ])
    expect(outcome.results[1].error).toContain('Resource not accessible')
    expect([...api.artifacts.keys()]).toEqual([2, 3, 4, 5])
  })

  it('a 403 permission error starts nothing new with several in flight', async () => {
    const list = artifacts(12)
    const api = new FakeArtifactsApi(list, { clock, latencyMs: 1000 })
    const { outcome } = await run(
      list,
      { concurrency: 3 },
      (fake) => fake.failDelete(1, permissionDenied()),
      api
    )
    // 1, 2 and 3 started together; 2 and 3 finish, nothing else starts.
    expect(api.deletedIds).toEqual([1, 2, 3])
    expect(outcome.fatal?.message).toContain('actions: write')
    expect(outcome.results.filter((r) => r.outcome === 'not-reached')).toHaveLength(9)
    expect(outcome.results.filter((r) => r.outcome === 'failed')).toHaveLength(1)
  })

  it.each([
    ['the secondary rate limit (retry-after)', secondaryRateLimited()],
    ['429', httpError(429, 'Too Many Requests')]
  ])('a 403/429 for %s is not the permission error', async (_, error) => {
    const list = artifacts(3)
    const { api, outcome } = await run(list, {}, (fake) => fake.failDelete(2, error))
    expect(outcome.fatal).toBeUndefined()
    expect(api.deletedIds).toEqual([1, 2, 3])
    expect(outcomes(outcome.results)).toEqual([
      [1, 'deleted'],
      [2, 'failed'],
      [3, 'deleted']
    ])
  })

  it('a 403 for the primary rate limit (remaining 0, far reset) is the reserve reached, not the permission error', async () => {
    // The budget reads the 403's headers (as the client does): another workflow drained it.
    const list = artifacts(3)
    const { api, outcome } = await run(list, {}, (fake) =>
      fake.failDelete(2, primaryRateLimited(RESET_SECONDS))
    )
    expect(outcome.fatal).toBeUndefined()
    expect(api.deletedIds).toEqual([1, 2])
    expect(outcomes(outcome.results)).toEqual([
      [1, 'deleted'],
      [2, 'failed'],
      [3, 'not-reached']
    ])
    expect(outcome.stopReason).toContain('2025-06-01T13:00:00.000Z')
  })

  it('returns results in the order given, whatever order the requests finish in', async () => {
    const list = artifacts(9)
    const { outcome } = await run(list, { concurrency: 4 }, (fake) =>
      fake.failDelete(3, serverError())
    )
    expect(ids(outcome.results)).toEqual(ids(list))
  })

  it('appends what selection left for a later run as not-reached, and never deletes it', async () => {
    const list = artifacts(5)
    const { api, outcome } = await run(
      list.slice(0, 2),
      {},
      undefined,
      new FakeArtifactsApi(list, { clock }),
      undefined,
      list.slice(2)
    )
    expect(api.deletedIds).toEqual([1, 2])
    expect(outcomes(outcome.results)).toEqual([
      [1, 'deleted'],
      [2, 'deleted'],
      [3, 'not-reached'],
      [4, 'not-reached'],
      [5, 'not-reached']
    ])
  })

  it('nothing selected: no request, no results', async () => {
    const { api, outcome } = await run([])
    expect(api.deleteCalls).toEqual([])
    expect(outcome.results).toEqual([])
  })
})

describe('dry run', () => {
  it('deletes nothing and reports would-delete', async () => {
    const list = artifacts(3)
    const api = new FakeArtifactsApi(list, { clock })
    const { outcome } = await run(
      list.slice(0, 2),
      { dryRun: true },
      undefined,
      api,
      undefined,
      list.slice(2)
    )
    expect(api.deleteCalls).toEqual([])
    expect(api.artifacts.size).toBe(3)
    expect(outcomes(outcome.results)).toEqual([
      [1, 'would-delete'],
      [2, 'would-delete'],
      [3, 'not-reached']
    ])
    expect(clock.sleeps).toEqual([])
  })
})

describe('rate-limit reserve', () => {
  function limited(
    remaining: number,
    reserve: Reserve,
    given: FakeApiOptions = {}
  ): { api: FakeArtifactsApi; reserve: Reserve; list: Artifact[] } {
    const list = artifacts(10)
    const rateLimit = { limit: 1000, remaining, reset: RESET_SECONDS }
    return { api: new FakeArtifactsApi(list, { clock, rateLimit, ...given }), reserve, list }
  }

  it.each([[1], [4]])(
    'stops starting deletes at the reserve (concurrency %d); the rest are not reached',
    async (concurrency) => {
      const { api, reserve, list } = limited(13, { kind: 'count', value: 10 }, { latencyMs: 500 })
      const { outcome, budget } = await run(list, { concurrency }, undefined, api, reserve)
      expect(api.deletedIds).toEqual([1, 2, 3])
      expect(budget.remaining).toBe(10)
      expect(outcomes(outcome.results).slice(0, 4)).toEqual([
        [1, 'deleted'],
        [2, 'deleted'],
        [3, 'deleted'],
        [4, 'not-reached']
      ])
      expect(outcome.results.filter((r) => r.outcome === 'not-reached')).toHaveLength(7)
      expect(outcome.fatal).toBeUndefined()
      expect(outcome.stopReason).toContain('2025-06-01T13:00:00.000Z')
    }
  )

  it('reads a percentage reserve against the limit', async () => {
    // 10% of 1000 = 100: two deletes fit above it.
    const { api, reserve, list } = limited(102, { kind: 'percent', value: 10 })
    const { outcome, budget } = await run(list, {}, undefined, api, reserve)
    expect(api.deletedIds).toEqual([1, 2])
    expect(budget.remaining).toBe(100)
    expect(outcome.stopReason).toBeDefined()
  })

  it('already at the reserve: sends no delete at all', async () => {
    const { api, reserve, list } = limited(100, { kind: 'percent', value: 10 })
    const { outcome } = await run(list, { concurrency: 8 }, undefined, api, reserve)
    expect(api.deleteCalls).toEqual([])
    expect(outcome.results.every((r) => r.outcome === 'not-reached')).toBe(true)
    expect(outcome.stopReason).toBeDefined()
  })

  it('a reserve of 0 may use the whole budget, and no more', async () => {
    const { api, reserve, list } = limited(4, { kind: 'count', value: 0 })
    const { outcome, budget } = await run(list, {}, undefined, api, reserve)
    expect(api.deletedIds).toEqual([1, 2, 3, 4])
    expect(budget.remaining).toBe(0)
    expect(outcome.results.filter((r) => r.outcome === 'failed')).toEqual([])
  })

  it('dry run ignores the budget', async () => {
    const { api, reserve, list } = limited(0, { kind: 'count', value: 10 })
    const { outcome } = await run(list, { dryRun: true }, undefined, api, reserve)
    expect(outcome.results.every((r) => r.outcome === 'would-delete')).toBe(true)
    expect(outcome.stopReason).toBeUndefined()
  })
})

describe('pacing and concurrency', () => {
  it.each([
    [10, 150, 1],
    [10, 150, 4],
    [25, 180, 8],
    [7, 60, 2]
  ])(
    '%d deletes at %d a minute (concurrency %d) take at least (N-1)·60000/P of fake time',
    async (count, perMinute, concurrency) => {
      const list = artifacts(count)
      const api = new FakeArtifactsApi(list, { clock, latencyMs: 50 })
      const start = clock.now()
      await run(list, { deletesPerMinute: perMinute, concurrency }, undefined, api)
      const interval = 60_000 / perMinute
      // Fake time is epoch milliseconds: compare fractional intervals with a little slack.
      expect(api.deleteCalls).toHaveLength(count)
      expect(clock.now() - start).toBeGreaterThanOrEqual((count - 1) * interval - 0.01)
      const starts = api.deleteCalls.map((call) => call.at).sort((a, b) => a - b)
      for (let i = 1; i < starts.length; i++) {
        expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(interval - 0.01)
      }
    }
  )

  it('deletes-per-minute 0 does not pace', async () => {
    const list = artifacts(20)
    const api = new FakeArtifactsApi(list, { clock })
    const start = clock.now()
    await run(list, { deletesPerMinute: 0, concurrency: 1 }, undefined, api)
    expect(api.deleteCalls).toHaveLength(20)
    expect(clock.sleeps).toEqual([])
    expect(clock.now()).toBe(start)
  })

  it('has at most `concurrency` deletes in flight, and uses them', async () => {
    const list = artifacts(20)
    const api = new FakeArtifactsApi(list, { clock, latencyMs: 1000 })
    await run(list, { concurrency: 5 }, undefined, api)
    expect(api.maxInFlight).toBe(5)
    expect(api.artifacts.size).toBe(0)
  })

  it('concurrency 1 sends one delete at a time', async () => {
    const list = artifacts(6)
    const api = new FakeArtifactsApi(list, { clock, latencyMs: 1000 })
    await run(list, { concurrency: 1 }, undefined, api)
    expect(api.maxInFlight).toBe(1)
  })

  it('logs progress on long work', async () => {
    const list = artifacts(30)
    const api = new FakeArtifactsApi(list, { clock, latencyMs: 2000 })
    await run(list, { concurrency: 1 }, undefined, api)
    // 60 s of fake time: a progress line at least every 10 s.
    const progress = log.infos.filter((line) => /\b\d+\/30\b/.test(line))
    expect(progress.length).toBeGreaterThanOrEqual(5)
  })
})
