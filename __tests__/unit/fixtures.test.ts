import { describe, expect, it } from '@jest/globals'
import { Traffic } from '../../src/github/traffic.js'
import { statusOf } from '../../src/github/errors.js'
import { artifact, ids } from '../../__fixtures__/artifacts.js'
import { FakeArtifactsApi } from '../../__fixtures__/fake-artifacts-api.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { serverError } from '../../__fixtures__/http-error.js'

// The fakes stand in for GitHub and the clock in the other tests; they must be right too.

describe('FakeClock', () => {
  it('wakes concurrent sleepers in time order, each at its own time', async () => {
    const clock = new FakeClock(0)
    const woke: [string, number][] = []
    await Promise.all([
      clock.sleep(300).then(() => woke.push(['c', clock.now()])),
      clock.sleep(100).then(() => woke.push(['a', clock.now()])),
      clock.sleep(200).then(() => woke.push(['b', clock.now()]))
    ])
    expect(woke).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300]
    ])
  })

  it('measures a chain of sleeps from the moment each starts', async () => {
    const clock = new FakeClock(1000)
    const worker = async (): Promise<void> => {
      await clock.sleep(50)
      await clock.sleep(50)
    }
    await Promise.all([worker(), worker()])
    expect(clock.now()).toBe(1100)
    expect(clock.pending).toBe(0)
  })
})

describe('FakeArtifactsApi', () => {
  const list = [
    artifact(1, { name: 'a', runId: 10 }),
    artifact(2, { name: 'b', runId: 10 }),
    artifact(3, { name: 'a', runId: 20 })
  ]

  it('lists a repository, a run, an exact name, and ids with the missing ones', async () => {
    const api = new FakeArtifactsApi(list)
    expect(ids((await api.listArtifacts({ kind: 'repository' })).artifacts)).toEqual([1, 2, 3])
    expect(ids((await api.listArtifacts({ kind: 'run', runId: 10 })).artifacts)).toEqual([1, 2])
    expect(
      ids((await api.listArtifacts({ kind: 'repository', exactName: 'a' })).artifacts)
    ).toEqual([1, 3])
    expect(
      ids((await api.listArtifacts({ kind: 'run', runId: 20, exactName: 'b' })).artifacts)
    ).toEqual([])
    const byId = await api.listArtifacts({ kind: 'ids', ids: [3, 99] })
    expect(ids(byId.artifacts)).toEqual([3])
    expect(byId.missingIds).toEqual([99])
    expect(api.listCalls).toHaveLength(5)
  })

  it('deletes once (then gone), and plays scripted failures in order', async () => {
    const api = new FakeArtifactsApi(list).failDelete(2, serverError(500), serverError(503))
    await expect(api.deleteArtifact(1)).resolves.toBe('deleted')
    await expect(api.deleteArtifact(1)).resolves.toBe('gone')
    await expect(api.deleteArtifact(2)).rejects.toMatchObject({ status: 500 })
    const second = await api.deleteArtifact(2).catch((e: unknown) => e)
    expect(statusOf(second)).toBe(503)
    await expect(api.deleteArtifact(2)).resolves.toBe('deleted')
    expect(api.deletedIds).toEqual([1, 1, 2, 2, 2])
  })

  it('spends the rate limit, tells the budget, and answers 403 at 0', async () => {
    const traffic = new Traffic(
      {
        reserve: { kind: 'count', value: 0 },
        concurrency: 2,
        writesPerMinute: 0,
        maxWaitMs: 0,
        repository: 'o/r'
      },
      new FakeClock()
    )
    const budget = traffic.budget
    const rateLimit = { limit: 10, remaining: 1, reset: 1_748_782_800 }
    const api = new FakeArtifactsApi(list, { rateLimit, traffic })
    await api.deleteArtifact(1)
    expect(budget.remaining).toBe(0)
    expect(budget.limit).toBe(10)
    // The traffic control now stops at the reserve before sending anything...
    await expect(api.deleteArtifact(2)).rejects.toMatchObject({ name: 'ReserveReachedError' })
    // ...and without it, the fake itself answers GitHub's 403.
    api.traffic = undefined
    await expect(api.deleteArtifact(2)).rejects.toMatchObject({
      status: 403,
      response: { headers: { 'x-ratelimit-remaining': '0' } }
    })
    expect(api.artifacts.has(2)).toBe(true)
  })
})
