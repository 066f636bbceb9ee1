/**
 * Issue 12 on plain data: the resolver's confirmation of recent runs (a lagging index), the auto
 * reserve, fork provenance in keep-latest groups, a permission per endpoint, the API version
 * header and a drained budget in the client, run paths with @ref.
 */
import { describe, expect, it } from '@jest/globals'
import type { Artifact } from '../../src/artifact.js'
import { createOctokit } from '../../src/github/client.js'
import {
  ReserveReachedError,
  describeRequestError,
  permissionError
} from '../../src/github/errors.js'
import { RateBudget } from '../../src/github/rate-budget.js'
import type { RunPage, RunQuery, WorkflowRun } from '../../src/github/runs-api.js'
import { Traffic } from '../../src/github/traffic.js'
import { MAX_CONFIRMATIONS, startResolution } from '../../src/listing/resolver.js'
import { workflowFileOf } from '../../src/listing/run-filter.js'
import { inQuestion, selectArtifacts } from '../../src/select.js'
import type { Criteria } from '../../src/settings.js'
import { MINUTE, NOW, ago, artifact, ids } from '../../__fixtures__/artifacts.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeRunsApi } from '../../__fixtures__/fake-runs-api.js'
import { httpError } from '../../__fixtures__/http-error.js'

const criteria: Criteria = {
  names: [],
  includeExpired: false,
  keepLatest: 0,
  keepLatestBy: 'name',
  order: 'newest-first'
}

function run(id: number, o: Partial<WorkflowRun> = {}): WorkflowRun {
  return {
    id,
    workflowId: 7,
    path: '.github/workflows/build.yml',
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    headBranch: 'main',
    headSha: id.toString(16).padStart(40, '0'),
    ...o
  }
}

/** A run index that has not seen the runs in `unseen` yet (they are current when looked up). */
class LaggingRunsApi extends FakeRunsApi {
  constructor(
    runs: WorkflowRun[],
    private readonly unseen: Set<number>
  ) {
    super(runs)
  }
  override async listRunsPage(query: RunQuery, page: number, perPage?: number): Promise<RunPage> {
    const all = [...this.runs]
    const visible = all.filter((r) => !this.unseen.has(r.id))
    this.runs.splice(0, all.length, ...visible)
    try {
      return await super.listRunsPage(query, page, perPage)
    } finally {
      this.runs.splice(0, this.runs.length, ...all)
    }
  }
}

describe('a lagging run index: recent candidate runs are confirmed by id', () => {
  const select = {
    scope: { kind: 'repository' as const },
    criteria,
    runs: { conclusion: 'success' as const },
    inQuestion: inQuestion(criteria)
  }

  it('a run missing from the filtered page, with an artifact younger than the lag, is looked up and matches', async () => {
    // Runs 1..20 long done; run 21 completed a minute ago and the index has not seen it.
    const runs = Array.from({ length: 21 }, (_, i) => run(21 - i))
    const api = new LaggingRunsApi(runs, new Set([21]))
    const found: Artifact[] = [
      artifact(210, { runId: 21, createdAt: ago(MINUTE) }),
      ...Array.from({ length: 20 }, (_, i) => artifact(i + 1, { runId: i + 1, ageDays: 30 - i }))
    ]
    const { resolver } = await startResolution(api, select, 'join', NOW.getTime())
    await resolver?.nextPage()
    const kept = await resolver!.keepMatching(found, () => true)
    expect(ids(kept)).toContain(210)
    expect(kept).toHaveLength(21)
    expect(api.lookups).toEqual([21]) // only the recent one: the others are decided by the page
  })

  it('an older run missing from a page newer than it is decided without a lookup', async () => {
    const runs = [run(3), run(2, { conclusion: 'failure' }), run(1)]
    const api = new FakeRunsApi(runs)
    const found = [1, 2, 3].map((r) => artifact(r, { runId: r, ageDays: 10 - r }))
    const { resolver } = await startResolution(api, select, 'join', NOW.getTime())
    await resolver?.nextPage()
    expect(ids(await resolver!.keepMatching(found, () => true)).sort()).toEqual([1, 3])
    expect(api.lookups).toEqual([])
  })

  it(`at most ${MAX_CONFIRMATIONS} recent runs are confirmed, the newest first`, async () => {
    const runs = Array.from({ length: 50 }, (_, i) => run(50 - i))
    const api = new LaggingRunsApi(runs, new Set(runs.map((r) => r.id)))
    const found = runs.map((r) =>
      artifact(r.id, { runId: r.id, createdAt: ago((51 - r.id) * 1000) })
    )
    const { resolver } = await startResolution(api, select, 'join', NOW.getTime())
    await resolver?.nextPage()
    await resolver!.keepMatching(found, () => true)
    // Every run is unseen and recent: the newest MAX_CONFIRMATIONS (ids grow with time) are asked.
    expect([...api.lookups].sort((a, b) => b - a)).toEqual(
      Array.from({ length: MAX_CONFIRMATIONS }, (_, i) => 50 - i)
    )
  })
})

describe('rate-limit-reserve: auto', () => {
  it.each([
    [1000, 500],
    [5000, 500],
    [15000, 1500],
    [12500, 1250]
  ])('a limit of %d keeps %d', (limit, reserve) => {
    const budget = new RateBudget({ kind: 'auto' })
    budget.observe({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(limit) })
    expect(budget.reserveCount()).toBe(reserve)
  })

  it('is 0 until a response told the limit', () => {
    expect(new RateBudget({ kind: 'auto' }).reserveCount()).toBe(0)
  })
})

describe('fork provenance is part of every keep-latest group', () => {
  const own = [5, 6, 7].map((id) => artifact(id, { name: 'build', ageDays: id }))
  const forkA = [1, 2, 3].map((id) =>
    artifact(id, { name: 'build', ageDays: id, headRepositoryId: 77 })
  )
  const forkB = [4].map((id) => artifact(id, { name: 'build', ageDays: id, headRepositoryId: 88 }))

  it.each(['name', 'name-and-branch', 'all'] as const)('by %s', (by) => {
    const selection = selectArtifacts(
      [...own, ...forkA, ...forkB],
      { ...criteria, keepLatest: 2, keepLatestBy: by, order: 'oldest-first' },
      NOW
    )
    expect(ids(selection.spared).sort()).toEqual([1, 2, 4, 5, 6])
    expect(ids(selection.selected)).toEqual([7, 3])
  })
})

describe('each 403 names its endpoint permission', () => {
  const denied = (): unknown =>
    httpError(403, 'Resource not accessible by integration', { 'x-ratelimit-remaining': '4000' })

  it.each([
    ['actions: read', /read the artifacts and workflow runs of o\/r/],
    ['pull-requests: read', /read the pull requests of o\/r/],
    ['contents: read', /read the tags of o\/r/]
  ] as const)('%s', (permission, words) => {
    const message = describeRequestError(denied(), 'o/r', permission).message
    expect(message).toContain(`'permissions: ${permission}'`)
    expect(message).toMatch(words)
  })

  it('delete: actions: write', () => {
    expect(permissionError('o/r').message).toContain("'permissions: actions: write'")
  })
})

describe('the client', () => {
  function setUp(answer: () => { status: number; headers?: Record<string, string> }): {
    octokit: ReturnType<typeof createOctokit>
    seen: Headers[]
    clock: FakeClock
  } {
    const clock = new FakeClock()
    const seen: Headers[] = []
    const fetch = async (_url: string | URL, init?: RequestInit): Promise<Response> => {
      seen.push(new Headers(init?.headers))
      const a = answer()
      return new Response(
        JSON.stringify({ message: 'API rate limit exceeded for installation ID 1.' }),
        {
          status: a.status,
          headers: { 'content-type': 'application/json', ...a.headers }
        }
      )
    }
    const traffic = new Traffic(
      {
        reserve: { kind: 'auto' },
        concurrency: 2,
        writesPerMinute: 0,
        maxWaitMs: 60_000,
        repository: 'o/r'
      },
      clock
    )
    const octokit = createOctokit({ token: 't', apiUrl: 'https://api.example.test' }, traffic, {
      clock,
      fetch: fetch as unknown as typeof globalThis.fetch
    })
    return { octokit, seen, clock }
  }

  it('sends X-GitHub-Api-Version: 2022-11-28', async () => {
    const { octokit, seen } = setUp(() => ({ status: 200 }))
    await octokit.request('GET /repos/{owner}/{repo}/actions/artifacts', { owner: 'o', repo: 'r' })
    expect(seen[0].get('x-github-api-version')).toBe('2022-11-28')
  })

  it.each([403, 429])(
    'a %d with x-ratelimit-remaining: 0 and a far reset (another workflow drained the budget) is the reserve reached',
    async (status) => {
      const { octokit, clock } = setUp(() => ({
        status,
        headers: {
          'x-ratelimit-limit': '1000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil((clock.now() + 3_000_000) / 1000))
        }
      }))
      await expect(octokit.request('DELETE /repos/o/r/actions/artifacts/1')).rejects.toBeInstanceOf(
        ReserveReachedError
      )
    }
  )
})

describe('run paths', () => {
  it.each([
    ['.github/workflows/build.yml', 'build.yml'],
    ['octo-org/shared/.github/workflows/build.yml@refs/heads/main', 'build.yml'],
    ['o/r/.github/workflows/ci.yaml@v1', 'ci.yaml']
  ])('%s is %s', (path, file) => expect(workflowFileOf(path)).toBe(file))
})
