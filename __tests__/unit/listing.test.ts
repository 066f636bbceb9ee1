import { describe, expect, it } from '@jest/globals'
import { type Artifact, newestFirst } from '../../src/artifact.js'
import type { Listing, ListScope, StartedListing } from '../../src/github/artifacts-api.js'
import type { RunPage, RunQuery, WorkflowRun } from '../../src/github/runs-api.js'
import { startResolution } from '../../src/listing/resolver.js'
import {
  findNewestByName,
  listArtifactsOfRuns,
  type RunSelection
} from '../../src/listing/index.js'
import { inQuestion } from '../../src/select.js'
import type { Criteria, RunCriteria, Scope } from '../../src/settings.js'
import { artifact } from '../../__fixtures__/artifacts.js'
import { FakeArtifactsApi } from '../../__fixtures__/fake-artifacts-api.js'
import { FakeRunsApi } from '../../__fixtures__/fake-runs-api.js'

const log = { info: (): void => {}, warning: (): void => {}, debug: (): void => {} }
const criteria: Criteria = {
  names: [],
  includeExpired: false,
  keepLatest: 0,
  keepLatestBy: 'name',
  order: 'newest-first'
}

/** Runs 1..n (id = age order), build.yml; those in `failed` failed. */
function makeRuns(n: number, failed: (id: number) => boolean): WorkflowRun[] {
  return Array.from({ length: n }, (_, i) => {
    const id = n - i
    return {
      id,
      workflowId: 7,
      path: '.github/workflows/build.yml',
      event: 'push',
      status: 'completed',
      conclusion: failed(id) ? 'failure' : 'success',
      headBranch: 'main',
      headSha: id.toString(16).padStart(40, '0')
    }
  })
}

/** FakeArtifactsApi counting what the listing costs in pages: floor(n/100)+1 for a repository. */
class PagedFake extends FakeArtifactsApi {
  pageRequests = 0
  runLists = 0
  async startListing(scope: ListScope): Promise<StartedListing> {
    const started = await super.startListing(scope)
    this.pageRequests += 1
    return {
      total: started.total,
      finish: async () => {
        const listing = await started.finish()
        this.pageRequests += Math.max(1, Math.ceil(listing.artifacts.length / 100)) - 1
        return listing
      }
    }
  }
  async listArtifacts(scope: Scope): Promise<Listing> {
    const listing = await super.listArtifacts(scope)
    if (scope.kind === 'run') this.runLists += 1
    return listing
  }
}

/** `perRun` artifacts for each run id. */
function artifactsOf(runIds: number[], perRun = 2): Artifact[] {
  return runIds.flatMap((runId) =>
    Array.from({ length: perRun }, (_, k) =>
      artifact(runId * 10 + k, { runId, name: `a${k}`, ageDays: 1 + 1 / runId })
    )
  )
}

function selection(runs: RunCriteria, scope: Scope = { kind: 'repository' }): RunSelection {
  return { scope, criteria, runs, inQuestion: inQuestion(criteria) }
}

describe('listArtifactsOfRuns', () => {
  it('no run criteria: the plain listing, no run request', async () => {
    const runsApi = new FakeRunsApi(makeRuns(10, () => false))
    const api = new PagedFake(artifactsOf([1, 2, 3]))
    const listing = await listArtifactsOfRuns(
      api,
      runsApi,
      { ...selection({}), runs: undefined },
      log
    )
    expect(listing.artifacts).toHaveLength(6)
    expect(runsApi.pages + runsApi.lookups.length).toBe(0)
    expect(listing.resolution.strategy).toBe('none')
  })

  it('join: a few run pages decide thousands of candidate runs', async () => {
    const runsApi = new FakeRunsApi(makeRuns(1500, (id) => id % 5 === 0))
    const api = new PagedFake(artifactsOf(Array.from({ length: 1500 }, (_, i) => i + 1)))
    const listing = await listArtifactsOfRuns(
      api,
      runsApi,
      selection({ conclusion: 'failure' }),
      log
    )
    expect(listing.resolution.strategy).toBe('join')
    expect(listing.artifacts).toHaveLength(600)
    expect(listing.artifacts.every((a) => (a.workflowRun.id as number) % 5 === 0)).toBe(true)
    // 300 failed runs: 3 pages decide all 1,500 candidates; no lookups
    expect(runsApi.pages).toBe(3)
    expect(runsApi.lookups).toEqual([])
    expect(listing.resolution.perRunCost).toBe(1500)
  })

  it('runs first: a short run listing, then each run’s artifacts', async () => {
    const runsApi = new FakeRunsApi(makeRuns(1500, (id) => id > 1497))
    const api = new PagedFake(artifactsOf(Array.from({ length: 1500 }, (_, i) => i + 1)))
    const listing = await listArtifactsOfRuns(
      api,
      runsApi,
      selection({ conclusion: 'failure' }),
      log
    )
    expect(listing.resolution.strategy).toBe('runs-first')
    expect(listing.artifacts.map((a) => a.workflowRun.id).sort()).toEqual([
      1498, 1498, 1499, 1499, 1500, 1500
    ])
    expect([runsApi.pages, api.pageRequests, api.runLists]).toEqual([1, 1, 3])
  })

  it('one matching run: straight to its artifact list, no artifact page', async () => {
    const runsApi = new FakeRunsApi(makeRuns(300, (id) => id === 120))
    const api = new PagedFake(artifactsOf(Array.from({ length: 300 }, (_, i) => i + 1)))
    const listing = await listArtifactsOfRuns(
      api,
      runsApi,
      selection({ conclusion: 'failure' }),
      log
    )
    expect(listing.artifacts.map((a) => a.id)).toEqual([1200, 1201])
    expect([runsApi.pages, api.pageRequests, api.runLists]).toEqual([1, 0, 1])
  })

  it('past the 1,000-run cap, older candidate runs are looked up, each once', async () => {
    const runsApi = new FakeRunsApi(makeRuns(1200, () => false))
    const api = new PagedFake(artifactsOf([1, 2, 3, 1150, 1199], 3))
    const listing = await listArtifactsOfRuns(
      api,
      runsApi,
      selection({ conclusion: 'success' }),
      log
    )
    expect(listing.resolution.strategy).toBe('join')
    expect(listing.artifacts).toHaveLength(15)
    // page 1 decides 1199 and 1150; runs 1-3 lie past the cap (runs 1-200 are never listed)
    expect(runsApi.pages).toBe(1)
    expect(runsApi.lookups.sort()).toEqual([1, 2, 3])
  })

  it('run-id scope: one lookup; a run that does not match lists nothing', async () => {
    const runsApi = new FakeRunsApi(makeRuns(10, (id) => id === 4))
    const api = new PagedFake(artifactsOf([4, 5]))
    const none = await listArtifactsOfRuns(
      api,
      runsApi,
      selection({ conclusion: 'success' }, { kind: 'run', runId: 4 }),
      log
    )
    expect(none.artifacts).toEqual([])
    expect(api.runLists).toBe(0)
    const some = await listArtifactsOfRuns(
      api,
      runsApi,
      selection({ conclusion: 'success' }, { kind: 'run', runId: 5 }),
      log
    )
    expect(some.artifacts).toHaveLength(2)
    expect(runsApi.lookups).toEqual([4, 5])
  })
})

/** Pages of 100, newest first, as GitHub serves them; counts the pages asked for. */
class PageByPage extends FakeArtifactsApi {
  get pages(): number {
    return this.pageCalls.length
  }
}

describe('findNewestByName (download latest, one exact name)', () => {
  const newestFirstAll = (found: Artifact[]): Artifact[] => [...found].sort(newestFirst)

  it('skips the newest candidates whose runs failed, and stops at the first page holding the answer', async () => {
    // runs 491..500 failed; every run uploaded one a0
    const runsApi = new FakeRunsApi(makeRuns(500, (id) => id > 490))
    const api = new PageByPage(
      artifactsOf(
        Array.from({ length: 500 }, (_, i) => i + 1),
        1
      )
    )
    const found = await findNewestByName(
      api,
      runsApi,
      { ...selection({ conclusion: 'success' }), scope: { kind: 'repository', exactName: 'a0' } },
      newestFirstAll
    )
    expect(found.artifacts.map((a) => a.workflowRun.id)).toEqual([490])
    expect(api.pages).toBe(1)
    expect(runsApi.lookups).toEqual(Array.from({ length: 11 }, (_, i) => 500 - i))
    expect(runsApi.pages).toBe(0)
  })

  it('without run filters: the newest passing artifact, one page, no run request', async () => {
    const runsApi = new FakeRunsApi(makeRuns(300, () => false))
    const api = new PageByPage(
      artifactsOf(
        Array.from({ length: 300 }, (_, i) => i + 1),
        1
      )
    )
    const found = await findNewestByName(
      api,
      runsApi,
      {
        ...selection({}),
        runs: undefined,
        scope: { kind: 'repository', exactName: 'a0' }
      },
      (list) => newestFirstAll(list).filter((a) => (a.workflowRun.id ?? 0) < 250)
    )
    expect(found.artifacts.map((a) => a.workflowRun.id)).toEqual([249])
    expect([api.pages, runsApi.pages, runsApi.lookups.length]).toEqual([1, 0, 0])
  })
})

describe('run pages: total_count is a claim, not a plan (issue 11)', () => {
  /** A run listing that claims `claim(page)` runs and serves `served(page)` runs on each page. */
  class LyingRuns extends FakeRunsApi {
    constructor(
      private readonly claim: (page: number) => number,
      private readonly served: (page: number) => number
    ) {
      super([])
    }
    async listRunsPage(query: RunQuery, page: number): Promise<RunPage> {
      this.pages += 1
      const runs = makeRuns(this.served(page), () => true).map((r) => ({
        ...r,
        id: 1_000_000 - page * 1000 - r.id
      }))
      return { total: this.claim(page), runs }
    }
  }

  it('a count of 1e12 and a short page: the short page ends the listing', async () => {
    const runsApi = new LyingRuns(
      () => 1e12,
      (page) => (page < 3 ? 100 : 7)
    )
    const { resolver } = await startResolution(
      runsApi,
      selection({ conclusion: 'failure' }),
      'none'
    )
    await resolver?.nextPage()
    const found = await resolver?.runsFirst(new PagedFake([]), undefined)
    expect(found).toEqual([])
    expect(runsApi.pages).toBe(3)
    expect(resolver?.runPagesLeft()).toBe(0)
    expect(resolver?.cut).toBeUndefined()
  })

  it('pages always full and a count that keeps growing: page 1’s count plus two pages, then cut', async () => {
    const runsApi = new LyingRuns(
      (page) => page * 100 + 50,
      () => 100
    )
    const { resolver } = await startResolution(
      runsApi,
      selection({ conclusion: 'failure' }),
      'none'
    )
    await resolver?.nextPage()
    await resolver?.runsFirst(new PagedFake([]), undefined)
    // page 1 claims 150: 2 pages implied, plus 2
    expect(runsApi.pages).toBe(4)
    expect(resolver?.cut).toMatch(/kept returning full pages of workflow runs/)
  })
})
