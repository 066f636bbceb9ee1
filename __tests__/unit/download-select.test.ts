import { describe, expect, it } from '@jest/globals'
import { readSettings } from '../../src/inputs.js'
import { selectArtifacts } from '../../src/select.js'
import { type DownloadModeSettings, Inputs } from '../../src/settings.js'
import { NOW, artifact, ids } from '../../__fixtures__/artifacts.js'
import { inputReader } from '../../__fixtures__/inputs.js'

function settingsOf(given: Record<string, string>): DownloadModeSettings {
  const settings = readSettings(inputReader({ [Inputs.Mode]: 'download', ...given }), {
    GITHUB_WORKSPACE: '/ws',
    HOME: '/home/me'
  })
  if (settings.mode !== 'download') throw new Error(`mode ${settings.mode}, not download`)
  return settings
}

describe('download inputs', () => {
  it("defaults: the newest run's set, forks skipped, extract into the workspace, digest mismatch is an error", () => {
    const settings = settingsOf({})
    expect(settings.download).toEqual({
      path: '/ws',
      mergeMultiple: false,
      extract: true,
      digestMismatch: 'error',
      singleExactName: false
    })
    expect(settings.criteria.skipForks).toBe(true)
    expect(settings.criteria.latest).toBe('run')
    expect(settings.ifNoneFound).toBe('error')
    expect(settings.criteria.order).toBe('newest-first')
  })

  it('resolves path against the workspace, ~ against HOME, and keeps absolute paths', () => {
    expect(settingsOf({ [Inputs.Path]: 'out/a' }).download?.path).toBe('/ws/out/a')
    expect(settingsOf({ [Inputs.Path]: '~/dl' }).download?.path).toBe('/home/me/dl')
    expect(settingsOf({ [Inputs.Path]: '/abs' }).download?.path).toBe('/abs')
  })

  it('knows one exact name from a pattern', () => {
    expect(settingsOf({ [Inputs.Name]: 'dist' }).download?.singleExactName).toBe(true)
    expect(settingsOf({ [Inputs.Name]: 'dist-*' }).download?.singleExactName).toBe(false)
    expect(settingsOf({ [Inputs.Name]: 'a,b' }).download?.singleExactName).toBe(false)
  })

  it.each([
    [Inputs.DigestMismatch, 'fail'],
    [Inputs.Extract, 'yes'],
    [Inputs.MergeMultiple, 'no'],
    [Inputs.Latest, '1'],
    [Inputs.AllowForks, 'maybe']
  ])('refuses %s: %s, naming the input', (input, value) => {
    expect(() => settingsOf({ [input]: value })).toThrow(`Input '${input}'`)
  })

  it.each([
    ['run', 'run'],
    ['name', 'name'],
    ['all', 'all'],
    ['true', 'name'],
    ['True', 'name'],
    ['false', 'all'],
    ['FALSE', 'all']
  ])('latest: %s means %s', (value, meaning) => {
    expect(settingsOf({ [Inputs.Latest]: value }).criteria.latest).toBe(meaning)
  })

  it('latest: anything else is an input error naming the input, the value and the allowed values', () => {
    expect(() => settingsOf({ [Inputs.Latest]: 'newest' })).toThrow(
      "Input 'latest' has an invalid value 'newest': expected one of 'run', 'name', 'all' ('true' means 'name', 'false' means 'all')."
    )
  })

  it('other modes ignore the download inputs', () => {
    const settings = readSettings(inputReader({ [Inputs.DigestMismatch]: 'whatever' }))
    expect(settings.mode).toBe('list')
    expect('download' in settings).toBe(false)
    expect(settings.criteria.skipForks).toBeUndefined()
  })
})

describe('download selection', () => {
  const own = { repositoryId: 1, headRepositoryId: 1 }
  const fork = { repositoryId: 1, headRepositoryId: 2 }
  const list = [
    artifact(1, { name: 'dist', ageDays: 1, ...fork }),
    artifact(2, { name: 'dist', ageDays: 2, ...own }),
    artifact(3, { name: 'dist', ageDays: 3, ...own }),
    artifact(4, { name: 'docs', ageDays: 4, ...own }),
    artifact(5, { name: 'docs', ageDays: 5, ...fork })
  ]
  const criteria = settingsOf({ [Inputs.Latest]: 'name' }).criteria

  it('skips artifacts from forks and counts them', () => {
    const selection = selectArtifacts(list, { ...criteria, latest: 'all' }, NOW)
    expect(ids(selection.selected)).toEqual([2, 3, 4])
    expect(selection.forksSkipped).toBe(2)
  })

  it('takes the newest of each name among what passes the filters', () => {
    expect(ids(selectArtifacts(list, criteria, NOW).selected)).toEqual([2, 4])
    expect(ids(selectArtifacts(list, { ...criteria, skipForks: false }, NOW).selected)).toEqual([
      1, 4
    ])
  })

  it('newest per name after the age filter: older-than picks the newest old one', () => {
    const old = selectArtifacts(list, { ...criteria, olderThanMs: 2.5 * 86_400_000 }, NOW)
    expect(ids(old.selected)).toEqual([3, 4])
  })

  it('limit cuts the newest-first list; the rest is not reached', () => {
    const selection = selectArtifacts(list, { ...criteria, limit: 1 }, NOW)
    expect(ids(selection.selected)).toEqual([2])
    expect(ids(selection.notReached)).toEqual([4])
  })
})

describe('download selection, latest: run', () => {
  const criteria = settingsOf({}).criteria
  // run 30 is the newest run with a match; run 40 is newer but made only a fork's artifact
  const list = [
    artifact(1, { name: 'dist', ageDays: 1, runId: 40, headRepositoryId: 2 }),
    artifact(2, { name: 'coverage', ageDays: 2, runId: 30 }),
    artifact(3, { name: 'dist', ageDays: 2.1, runId: 30 }),
    artifact(4, { name: 'test-results', ageDays: 3, runId: 20 }),
    artifact(5, { name: 'dist', ageDays: 3.1, runId: 20 })
  ]

  it('takes every match of the newest run that has one, and says which run and why', () => {
    const selection = selectArtifacts(list, criteria, NOW)
    expect(ids(selection.selected)).toEqual([2, 3])
    expect(selection.latestRun?.runId).toBe(30)
    expect(selection.latestRun?.newest.id).toBe(2)
  })

  it('the filters come first: the newest run with a match of the name', () => {
    const selection = selectArtifacts(list, { ...criteria, names: ['test-*'] }, NOW)
    expect(ids(selection.selected)).toEqual([4])
    expect(selection.latestRun?.runId).toBe(20)
  })

  it('an artifact that names no run is passed over; alone, it is a set of its own', () => {
    const orphan = {
      ...artifact(6, { name: 'x', ageDays: 0.5 }),
      workflowRun: { repositoryId: 1, headRepositoryId: 1 }
    }
    const selection = selectArtifacts([orphan, ...list], criteria, NOW)
    expect(ids(selection.selected)).toEqual([2, 3])
    expect(selection.latestRun?.runId).toBe(30)
    const alone = selectArtifacts([orphan], criteria, NOW)
    expect(ids(alone.selected)).toEqual([6])
    expect(alone.latestRun?.runId).toBeUndefined()
  })
})
