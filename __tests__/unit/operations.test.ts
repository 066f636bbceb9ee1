import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Traffic } from '../../src/github/traffic.js'
import { readSettings } from '../../src/inputs.js'
import { listForSelection } from '../../src/listing/index.js'
import {
  type OperationDeps,
  operations,
  resultOf,
  runOperation,
  unlistedResult
} from '../../src/operations/index.js'
import { toOutputs } from '../../src/report.js'
import { candidates, inQuestion, type Selection } from '../../src/select.js'
import { type DownloadModeSettings, Inputs, Outputs, type Settings } from '../../src/settings.js'
import { NOW, artifact, artifacts } from '../../__fixtures__/artifacts.js'
import { FakeArtifactsApi } from '../../__fixtures__/fake-artifacts-api.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeRunsApi } from '../../__fixtures__/fake-runs-api.js'
import { inputReader } from '../../__fixtures__/inputs.js'

const quiet = { info: (): void => {}, warning: (): void => {}, debug: (): void => {} }

function settingsOf(given: Record<string, string>): Settings {
  return readSettings(inputReader(given), { GITHUB_WORKSPACE: '/ws' })
}

function depsOf(api: FakeArtifactsApi, clock = new FakeClock(NOW)): OperationDeps {
  return { api, log: quiet, clock, mask: () => undefined, backoffMs: () => 0 }
}

describe('one operation per mode, one signature', () => {
  it('the table has exactly the three modes', () => {
    expect(Object.keys(operations).sort()).toEqual(['delete', 'download', 'list'])
  })

  it('list: selected are listed, the rest not reached; nothing is sent', async () => {
    const [a, b, c] = artifacts(3)
    const api = new FakeArtifactsApi([a, b, c])
    const selection: Selection = { selected: [a, b], notReached: [c], spared: [], listed: 3 }
    const outcome = await runOperation(depsOf(api), selection, settingsOf({}))
    expect(outcome.results.map((r) => [r.artifact.id, r.outcome])).toEqual([
      [1, 'listed'],
      [2, 'listed'],
      [3, 'not-reached']
    ])
    expect(api.listCalls).toEqual([])
  })

  it('delete: chosen by mode, deletes through the API', async () => {
    const list = artifacts(2)
    const api = new FakeArtifactsApi(list)
    const settings = settingsOf({ [Inputs.Mode]: 'delete', [Inputs.Name]: '*' })
    const selection: Selection = { selected: list, notReached: [], spared: [], listed: 2 }
    const outcome = await runOperation(depsOf(api), selection, settings)
    expect(outcome.results.map((r) => r.outcome)).toEqual(['deleted', 'deleted'])
    expect(api.artifacts.size).toBe(0)
  })

  it('download (loaded on demand): an expired artifact is reported, a vanished one failed', async () => {
    const expired = artifact(2, { name: 'old' })
    const vanished = artifact(3, { name: 'gone' })
    const api = new FakeArtifactsApi([expired])
    api.expiredBlobs.add(2)
    const path = mkdtempSync(join(tmpdir(), 'operations-'))
    try {
      const settings = settingsOf({ [Inputs.Mode]: 'download', [Inputs.Path]: path })
      const selection: Selection = {
        selected: [expired, vanished],
        notReached: [],
        spared: [],
        listed: 2
      }
      const outcome = await runOperation(depsOf(api), selection, settings as DownloadModeSettings)
      expect(outcome.results.map((r) => [r.artifact.id, r.outcome])).toEqual([
        [2, 'expired'],
        [3, 'failed']
      ])
      expect(outcome.downloadPath).toBe(path)
      expect(api.downloadUrlCalls.sort()).toEqual([2, 3])
    } finally {
      rmSync(path, { recursive: true, force: true })
    }
  })
})

describe('results are values', () => {
  it('resultOf adds what settings, listing and selection say', () => {
    const [a] = artifacts(1)
    const selection: Selection = { selected: [a], notReached: [], spared: artifacts(2), listed: 7 }
    const result = resultOf(settingsOf({}), selection, [42], { results: [], stopReason: 'why' })
    expect(result).toMatchObject({
      mode: 'list',
      repository: 'octo-org/widgets',
      sparedCount: 2,
      listedCount: 7,
      missingIds: [42],
      stopReason: 'why'
    })
  })

  it('a listing stopped at the reserve: incomplete, with every artifact of the scope remaining', () => {
    const outputs = toOutputs(unlistedResult(settingsOf({}), 'stopped', 1234))
    expect(outputs[Outputs.Complete]).toBe('false')
    expect(outputs[Outputs.RemainingCount]).toBe('1234')
    expect(outputs[Outputs.Count]).toBe('0')
  })
})

describe('listForSelection', () => {
  const RESET_SECONDS = 1_748_782_800

  it('the reserve reached while listing is a stopped value, not a throw', async () => {
    const clock = new FakeClock(NOW)
    const traffic = new Traffic(
      {
        reserve: { kind: 'count', value: 10 },
        concurrency: 2,
        writesPerMinute: 0,
        maxWaitMs: 0,
        repository: 'octo-org/widgets'
      },
      clock
    )
    traffic.budget.observe({
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '10',
      'x-ratelimit-reset': String(RESET_SECONDS)
    })
    const api = new FakeArtifactsApi(artifacts(3), { clock, traffic })
    const settings = settingsOf({})
    const predicates = {
      inQuestion: inQuestion(settings.criteria),
      candidates: candidates(settings.criteria, NOW)
    }
    const listed = await listForSelection(
      { api, runsApi: new FakeRunsApi([]) },
      settings,
      predicates,
      quiet
    )
    expect(listed).toMatchObject({ kind: 'stopped', unlisted: 0 })
    expect(listed.kind === 'stopped' && listed.reason).toContain('nothing was acted on')
  })

  it('download latest with one exact name reads pages one at a time, not the whole list', async () => {
    const list = Array.from({ length: 250 }, (_, i) =>
      artifact(i + 1, { name: 'app', ageDays: 1 + (250 - i) / 1000 })
    )
    const api = new FakeArtifactsApi(list)
    const settings = settingsOf({
      [Inputs.Mode]: 'download',
      [Inputs.Name]: 'app',
      [Inputs.Latest]: 'name',
      [Inputs.RunConclusion]: 'any'
    })
    const predicates = {
      inQuestion: inQuestion(settings.criteria),
      candidates: candidates(settings.criteria, NOW)
    }
    const listed = await listForSelection(
      { api, runsApi: new FakeRunsApi([]) },
      settings,
      predicates,
      quiet
    )
    expect(listed.kind === 'listed' && listed.artifacts.map((a) => a.id)).toEqual([250])
    expect(api.pageCalls.map((c) => c.page)).toEqual([1])
    expect(api.listCalls).toEqual([])
  })
})
