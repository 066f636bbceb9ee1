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
  it('defaults: newest per name, forks skipped, extract into the workspace, digest mismatch is an error', () => {
    const settings = settingsOf({})
    expect(settings.download).toEqual({
      path: '/ws',
      mergeMultiple: false,
      extract: true,
      digestMismatch: 'error',
      singleExactName: false
    })
    expect(settings.criteria.skipForks).toBe(true)
    expect(settings.criteria.latestPerName).toBe(true)
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
  const criteria = settingsOf({}).criteria

  it('skips artifacts from forks and counts them', () => {
    const selection = selectArtifacts(list, { ...criteria, latestPerName: false }, NOW)
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
