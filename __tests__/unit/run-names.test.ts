import { describe, expect, it } from '@jest/globals'
import type { RunPage, RunQuery, WorkflowRun } from '../../src/github/runs-api.js'
import { ReserveReachedError } from '../../src/github/errors.js'
import { nameRuns, RUN_NAMES_BUDGET } from '../../src/report/run-names.js'
import { FakeRunsApi } from '../../__fixtures__/fake-runs-api.js'

const silent = { info: (): void => {}, warning: (): void => {}, debug: (): void => {} }

/** `count` runs, newest (highest id) first, alternating CI and Build. */
function runs(count: number, newest = 10_000): WorkflowRun[] {
  return Array.from({ length: count }, (_, i) => {
    const id = newest - i
    const ci = id % 2 === 0
    return {
      id,
      workflowId: ci ? 1 : 2,
      path: ci ? '.github/workflows/ci.yml' : '.github/workflows/build.yml',
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      headSha: 'a'.repeat(40),
      name: ci ? 'CI' : 'Build',
      runNumber: id - 9000
    }
  })
}

describe('nameRuns', () => {
  it('names a few runs by looking them up, without listing', async () => {
    const api = new FakeRunsApi(runs(500))
    const names = await nameRuns(api, [10_000, 9_999], [], 5, silent)
    expect(api.pages).toBe(0)
    expect([...api.lookups].sort((a, b) => a - b)).toEqual([9_999, 10_000])
    expect(names.runs.get(10_000)).toEqual({
      workflow: 'CI',
      number: 1000,
      path: '.github/workflows/ci.yml'
    })
    expect(names.unnamed).toBe(0)
  })

  it('takes what listing already saw for free', async () => {
    const all = runs(50)
    const api = new FakeRunsApi(all)
    const names = await nameRuns(
      api,
      all.map((r) => r.id),
      all,
      5,
      silent
    )
    expect(api.pages + api.lookups.length).toBe(0)
    expect(names.runs.size).toBe(50)
  })

  it('pages the unfiltered runs listing for many runs, stopping past the oldest wanted', async () => {
    const api = new FakeRunsApi(runs(1000))
    const wanted = [10_000, 9_950, 9_870, 9_801, 9_760, 9_720, 9_705]
    const names = await nameRuns(api, wanted, [], 10, silent)
    // pages of 100: 10000..9901, 9900..9801, 9800..9701
    expect(api.pages).toBe(3)
    expect(api.pageQueries.every((q: RunQuery) => Object.keys(q).length === 0)).toBe(true)
    expect(api.lookups).toEqual([])
    expect(names.runs.size).toBe(wanted.length)
    expect(names).toMatchObject({ runPages: 3, runLookups: 0, unnamed: 0 })
  })

  it('spends at most its budget, and says how many runs stayed unnamed', async () => {
    const api = new FakeRunsApi(runs(2000))
    const wanted = Array.from({ length: 20 }, (_, i) => 10_000 - i * 100)
    const names = await nameRuns(api, wanted, [], 4, silent)
    expect(api.pages + api.lookups.length).toBeLessThanOrEqual(4)
    expect(names.unnamed).toBe(wanted.length - names.runs.size)
    expect(names.unnamed).toBeGreaterThan(0)
  })

  it('looks up what the pages missed when the budget allows (a deleted run stays unnamed)', async () => {
    const api = new FakeRunsApi(runs(150))
    const wanted = [10_000, 9_999, 9_998, 9_997, 9_996, 9_995, 12_345]
    const names = await nameRuns(api, wanted, [], 5, silent)
    expect(api.pages).toBe(1)
    expect(api.lookups).toEqual([12_345])
    expect(names.unnamed).toBe(1)
  })

  it('never throws: the reserve reached leaves the rest unnamed, said once', async () => {
    const api = new FakeRunsApi(runs(10))
    api.listRunsPage = async (): Promise<RunPage> => {
      throw new ReserveReachedError(10, 1000, 500, undefined)
    }
    const said: string[] = []
    const names = await nameRuns(
      api,
      runs(10).map((r) => r.id),
      [],
      5,
      {
        ...silent,
        info: (m: string) => said.push(m)
      }
    )
    expect(names.runs.size).toBe(0)
    expect(names.stoppedBy).toBeDefined()
    expect(said).toHaveLength(1)
  })

  it('budget: a few requests, whatever the listing size', () => {
    expect(RUN_NAMES_BUDGET).toBe(5)
  })
})
