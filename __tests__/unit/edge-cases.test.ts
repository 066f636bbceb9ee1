import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isFromFork } from '../../src/artifact.js'
import { toArtifact } from '../../src/github/artifacts-api.js'
import { Traffic } from '../../src/github/traffic.js'
import { readSettings } from '../../src/inputs.js'
import { downloadOperation } from '../../src/operations/download.js'
import { selectArtifacts } from '../../src/select.js'
import { type Criteria, type DownloadModeSettings, Inputs } from '../../src/settings.js'
import { DAY, NOW, artifact } from '../../__fixtures__/artifacts.js'
import { FakeArtifactsApi } from '../../__fixtures__/fake-artifacts-api.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { inputReader } from '../../__fixtures__/inputs.js'

const quiet = { info: (): void => {}, warning: (): void => {}, debug: (): void => {} }

function deleting(given: Partial<Criteria>): Criteria {
  return {
    names: [],
    includeExpired: false,
    keepLatest: 0,
    keepLatestBy: 'name',
    order: 'oldest-first',
    ...given
  }
}

describe('keep-latest never spends a kept slot on an expired artifact', () => {
  it('with include-expired, the newest usable artifact of a name is spared, not the expired one', () => {
    const expiredNewest = artifact(2, { name: 'coverage', ageDays: 1, expired: true })
    const usableOld = artifact(1, { name: 'coverage', ageDays: 40 })
    const selection = selectArtifacts(
      [expiredNewest, usableOld],
      deleting({ includeExpired: true, keepLatest: 1, olderThanMs: 30 * DAY }),
      NOW
    )
    expect(selection.spared.map((a) => a.id)).toEqual([1])
    expect(selection.selected.map((a) => a.id)).toEqual([])
  })
})

describe('an artifact without created_at is never old', () => {
  it('is taken as new: no older-than selects it', () => {
    const a = toArtifact({ id: 5, name: 'x', size_in_bytes: 1, expired: false, created_at: null })
    const selection = selectArtifacts([a], deleting({ olderThanMs: DAY }), new Date())
    expect(selection.selected).toEqual([])
  })
})

describe('unknown provenance counts as a fork', () => {
  it('missing repository ids are not "same repository"', () => {
    const a = artifact(1)
    expect(isFromFork(a)).toBe(false)
    expect(
      isFromFork({ ...a, workflowRun: { ...a.workflowRun, headRepositoryId: undefined } })
    ).toBe(true)
    expect(isFromFork({ ...a, workflowRun: { ...a.workflowRun, repositoryId: undefined } })).toBe(
      true
    )
  })
})

describe('artifact-ids beyond safe integers are refused', () => {
  it('names the input and the value', () => {
    const read = inputReader({ [Inputs.ArtifactIds]: '9007199254740993' })
    expect(() => readSettings(read)).toThrow(/'artifact-ids'.*9007199254740993/)
  })
})

describe('download stops at the rate-limit reserve instead of failing', () => {
  it('marks the rest not-reached, reports why, and fails none', async () => {
    const clock = new FakeClock(NOW.getTime())
    const traffic = new Traffic(
      {
        reserve: { kind: 'count', value: 100 },
        concurrency: 4,
        writesPerMinute: 0,
        maxWaitMs: 0,
        repository: 'octo-org/widgets'
      },
      clock
    )
    // The listing's last response: at the reserve, the reset an hour away.
    traffic.budget.observe({
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '100',
      'x-ratelimit-reset': String(Math.ceil((NOW.getTime() + 3_600_000) / 1000))
    })
    const selected = [
      artifact(3, { name: 'a' }),
      artifact(2, { name: 'b' }),
      artifact(1, { name: 'c' })
    ]
    const api = new FakeArtifactsApi(selected, { clock, traffic })
    const path = mkdtempSync(join(tmpdir(), 'reserve-'))
    try {
      const base = readSettings(inputReader({ [Inputs.Mode]: 'download', [Inputs.Path]: path }))
      const settings = { ...base, concurrency: 1 } as DownloadModeSettings
      const deps = { api, log: quiet, clock, mask: () => {}, backoffMs: () => 0 }
      const selection = { selected, notReached: [], spared: [], listed: 3 }
      const outcome = await downloadOperation(deps, selection, settings)
      expect(outcome.results.map((r) => r.outcome)).toEqual([
        'not-reached',
        'not-reached',
        'not-reached'
      ])
      expect(outcome.stopReason).toMatch(/reserve/)
      expect(api.downloadUrlCalls).toHaveLength(1)
    } finally {
      rmSync(path, { recursive: true, force: true })
    }
  })
})
