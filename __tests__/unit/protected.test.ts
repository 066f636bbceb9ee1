import { describe, expect, it } from '@jest/globals'
import type { WorkflowRun } from '../../src/github/runs-api.js'
import type { Tag, TagsApi } from '../../src/github/tags-api.js'
import { ACTIVE_STATUSES, RUN_INDEX_LAG_MS, learnProtections } from '../../src/listing/protected.js'
import { selectArtifacts } from '../../src/select.js'
import { NOW, artifact, sha } from '../../__fixtures__/artifacts.js'
import { FakeRunsApi } from '../../__fixtures__/fake-runs-api.js'

const quiet = { info: (): void => {}, warning: (): void => {}, debug: (): void => {} }

class FakeTags implements TagsApi {
  calls = 0
  constructor(private readonly tags: Tag[]) {}
  async listTags(): Promise<Tag[]> {
    this.calls += 1
    return this.tags
  }
}

function run(id: number, status: string): WorkflowRun {
  return {
    id,
    workflowId: 1,
    path: '.github/workflows/ci.yml',
    event: 'push',
    status,
    conclusion: status === 'completed' ? 'success' : null,
    headSha: sha(id)
  }
}

const criteria = {
  names: [],
  includeExpired: false,
  keepLatest: 0,
  keepLatestBy: 'name' as const,
  order: 'oldest-first' as const
}

describe('learnProtections', () => {
  const old = artifact(1, { runId: 10, ageDays: 3 })
  const running = artifact(2, { runId: 20, ageDays: 1 })
  const young = artifact(3, {
    runId: 30,
    createdAt: new Date(NOW.getTime() - RUN_INDEX_LAG_MS / 2)
  })
  const youngDone = artifact(4, { runId: 40, createdAt: new Date(NOW.getTime() - 1000) })
  const current = artifact(5, { runId: 50, ageDays: 2 })
  const all = [old, running, young, youngDone, current]
  const runs = [
    run(50, 'completed'),
    run(40, 'completed'),
    run(30, 'queued'),
    run(20, 'in_progress'),
    run(10, 'completed')
  ]

  it('one listing per active status, a lookup only for the young runs not listed, the current run by id', async () => {
    const runsApi = new FakeRunsApi(runs)
    // the lagging listing does not know run 30 yet: drop it from what the fake lists
    const listRunsPage = runsApi.listRunsPage.bind(runsApi)
    runsApi.listRunsPage = async (q, p, n) => {
      const page = await listRunsPage(q, p, n)
      return {
        total: page.runs.filter((r) => r.id !== 30).length,
        runs: page.runs.filter((r) => r.id !== 30)
      }
    }
    const { protections, cost } = await learnProtections(
      { runsApi, tagsApi: new FakeTags([]) },
      { keepTagged: [], activeRuns: true, currentRunId: 50, candidates: all, now: NOW },
      quiet
    )
    expect(runsApi.pageQueries.map((q) => q.status).sort()).toEqual([...ACTIVE_STATUSES].sort())
    expect(runsApi.lookups.sort()).toEqual([30, 40])
    expect(cost).toEqual({ tagPages: 0, statusPages: 5, runLookups: 2 })
    expect([...(protections.activeRuns ?? [])].sort()).toEqual([
      [20, 'in_progress'],
      [30, 'queued'],
      [50, 'current']
    ])
    const selection = selectArtifacts(all, criteria, NOW, protections)
    expect(selection.selected.map((a) => a.id).sort()).toEqual([1, 4])
    expect(selection.sparedAsActive?.map((a) => a.id).sort()).toEqual([2, 3, 5])
    expect(selection.activeRuns).toEqual([
      { id: 50, status: 'current' },
      { id: 30, status: 'queued' },
      { id: 20, status: 'in_progress' }
    ])
  })

  it('asks nothing when nothing would be acted on', async () => {
    const runsApi = new FakeRunsApi(runs)
    const tags = new FakeTags([])
    await learnProtections(
      { runsApi, tagsApi: tags },
      { keepTagged: ['v*'], activeRuns: true, candidates: [], now: NOW },
      quiet
    )
    expect(runsApi.pages + runsApi.lookups.length + tags.calls).toBe(0)
  })

  it('keep-tagged: the commits of matching tags, exclusions honoured; an active run is counted as active, not tagged', async () => {
    const tags = new FakeTags([
      { name: 'v1.0.0', sha: sha(1) },
      { name: 'v1.1.0-rc.1', sha: sha(3) },
      { name: 'v2.0.0', sha: sha(2) }
    ])
    const { protections } = await learnProtections(
      { runsApi: new FakeRunsApi(runs), tagsApi: tags },
      { keepTagged: ['v*', '!v*-rc*'], activeRuns: true, candidates: all, now: NOW },
      quiet
    )
    expect(tags.calls).toBe(1)
    expect([...(protections.taggedShas ?? [])].sort()).toEqual([sha(1), sha(2)].sort())
    const selection = selectArtifacts(all, criteria, NOW, protections)
    expect(selection.sparedByTag?.map((a) => a.id)).toEqual([1])
    expect(selection.sparedAsActive?.map((a) => a.id).sort()).toEqual([2, 3])
  })
})
