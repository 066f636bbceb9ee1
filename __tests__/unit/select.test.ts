import { describe, expect, it } from '@jest/globals'
import { selectArtifacts } from '../../src/select.js'
import type { Criteria } from '../../src/settings.js'
import { DAY, HOUR, NOW, ago, artifact, artifacts, ids } from '../../__fixtures__/artifacts.js'

/** The criteria of the default inputs, with `given` on top. */
function criteria(given: Partial<Criteria> = {}): Criteria {
  return {
    names: [],
    includeExpired: false,
    keepLatest: 0,
    keepLatestBy: 'name',
    order: 'newest-first',
    ...given
  }
}

/** A deletion's criteria: oldest first. */
function deleting(given: Partial<Criteria> = {}): Criteria {
  return criteria({ order: 'oldest-first', ...given })
}

describe('listing order and de-duplication', () => {
  it('orders newest first by created_at whatever the input order', () => {
    const list = [
      artifact(1, { ageDays: 3 }),
      artifact(2, { ageDays: 1 }),
      artifact(3, { ageDays: 5 }),
      artifact(4, { ageDays: 2 })
    ]
    expect(ids(selectArtifacts(list, criteria(), NOW).selected)).toEqual([2, 4, 1, 3])
    expect(ids(selectArtifacts([...list].reverse(), criteria(), NOW).selected)).toEqual([
      2, 4, 1, 3
    ])
  })

  it('breaks created_at ties by id, highest first', () => {
    const at = ago(DAY)
    const list = [5, 9, 1, 7].map((id) => artifact(id, { createdAt: at }))
    expect(ids(selectArtifacts(list, criteria(), NOW).selected)).toEqual([9, 7, 5, 1])
    expect(ids(selectArtifacts(list, deleting(), NOW).selected)).toEqual([1, 5, 7, 9])
  })

  it('keeps one artifact per id (pages overlap when artifacts are added while listing)', () => {
    const list = [artifact(1), artifact(2), artifact(1), artifact(3), artifact(2)]
    const selection = selectArtifacts(list, criteria(), NOW)
    // Same created_at: highest id first.
    expect(ids(selection.selected)).toEqual([3, 2, 1])
    expect(selection.listed).toBe(3)
  })

  it('does not change the input array', () => {
    const list = [artifact(1, { ageDays: 3 }), artifact(2, { ageDays: 1 })]
    selectArtifacts(list, deleting(), NOW)
    expect(ids(list)).toEqual([1, 2])
  })

  it('counts every listed artifact, filtered or not', () => {
    const list = [artifact(1, { expired: true }), artifact(2, { name: 'x' }), artifact(3)]
    const selection = selectArtifacts(list, criteria({ names: ['artifact-*'] }), NOW)
    expect(selection.listed).toBe(3)
    expect(ids(selection.selected)).toEqual([3])
  })
})

describe('filters', () => {
  it('skips expired artifacts unless includeExpired', () => {
    const list = [artifact(1), artifact(2, { expired: true }), artifact(3)]
    expect(ids(selectArtifacts(list, criteria(), NOW).selected)).toEqual([3, 1])
    expect(ids(selectArtifacts(list, criteria({ includeExpired: true }), NOW).selected)).toEqual([
      3, 2, 1
    ])
  })

  it('filters by name patterns, with excludes', () => {
    const list = [
      artifact(1, { name: 'build-linux' }),
      artifact(2, { name: 'build-debug' }),
      artifact(3, { name: 'docs' }),
      artifact(4, { name: 'Build-mac' })
    ]
    const selection = selectArtifacts(list, criteria({ names: ['build-*', '!*-debug'] }), NOW)
    expect(ids(selection.selected)).toEqual([1])
  })

  it('filters by branch glob; an artifact without a branch does not match', () => {
    const list = [
      artifact(1, { branch: 'main' }),
      artifact(2, { branch: 'release/1.0' }),
      artifact(3, { branch: 'release/1.0/hotfix' }),
      artifact(4, { branch: null }),
      artifact(5, { branch: 'prerelease/1.0' })
    ]
    expect(ids(selectArtifacts(list, criteria({ branch: 'release/*' }), NOW).selected)).toEqual([2])
    expect(ids(selectArtifacts(list, criteria({ branch: 'release/**' }), NOW).selected)).toEqual([
      3, 2
    ])
    expect(ids(selectArtifacts(list, criteria({ branch: 'main' }), NOW).selected)).toEqual([1])
  })

  it('filters by commit prefix or full SHA', () => {
    const full = 'abcdef0123456789abcdef0123456789abcdef01'
    const list = [
      artifact(1, { sha: full }),
      artifact(2, { sha: 'abcdef1999999999999999999999999999999999' }),
      artifact(3, { sha: null }),
      artifact(4, { sha: full.toUpperCase() })
    ]
    expect(ids(selectArtifacts(list, criteria({ commit: 'abcdef0' }), NOW).selected)).toEqual([
      4, 1
    ])
    expect(ids(selectArtifacts(list, criteria({ commit: full }), NOW).selected)).toEqual([4, 1])
    expect(ids(selectArtifacts(list, criteria({ commit: 'abcdef' }), NOW).selected)).toEqual([
      4, 2, 1
    ])
    expect(selectArtifacts(list, criteria({ commit: '1234567' }), NOW).selected).toEqual([])
  })

  it('older-than: created longer ago than the duration (strictly)', () => {
    const list = [
      artifact(1, { createdAt: ago(29 * DAY) }),
      artifact(2, { createdAt: ago(30 * DAY) }),
      artifact(3, { createdAt: ago(30 * DAY + 1) }),
      artifact(4, { createdAt: ago(90 * DAY) })
    ]
    expect(ids(selectArtifacts(list, criteria({ olderThanMs: 30 * DAY }), NOW).selected)).toEqual([
      3, 4
    ])
  })

  it('newer-than: created more recently than the duration (strictly)', () => {
    const list = [
      artifact(1, { createdAt: ago(HOUR) }),
      artifact(2, { createdAt: ago(DAY - 1) }),
      artifact(3, { createdAt: ago(DAY) }),
      artifact(4, { createdAt: ago(2 * DAY) })
    ]
    expect(ids(selectArtifacts(list, criteria({ newerThanMs: DAY }), NOW).selected)).toEqual([1, 2])
  })

  it('older-than and newer-than together make a window', () => {
    const list = artifacts(10)
    const selection = selectArtifacts(
      list,
      criteria({ olderThanMs: 3 * DAY + 1, newerThanMs: 6 * DAY + 1 }),
      NOW
    )
    expect(ids(selection.selected)).toEqual([4, 5, 6])
  })

  it('min-size: at least that many bytes', () => {
    const list = [
      artifact(1, { size: 999 }),
      artifact(2, { size: 1000 }),
      artifact(3, { size: 5000 })
    ]
    expect(ids(selectArtifacts(list, criteria({ minSize: 1000 }), NOW).selected)).toEqual([3, 2])
  })

  it('measures age from the given now, not the wall clock', () => {
    const list = [artifact(1, { createdAt: new Date('2020-01-01T00:00:00Z') })]
    const then = new Date('2020-01-02T00:00:00Z')
    expect(selectArtifacts(list, criteria({ olderThanMs: 2 * DAY }), then).selected).toEqual([])
    expect(ids(selectArtifacts(list, criteria({ olderThanMs: 2 * DAY }), NOW).selected)).toEqual([
      1
    ])
  })
})

describe('keep-latest', () => {
  it('spares the N newest of each name', () => {
    const list = [
      ...artifacts(4, { name: 'a' }, 1), // ids 1..4, 1 newest
      ...artifacts(3, { name: 'b' }, 11) // ids 11..13, 11 newest
    ]
    const selection = selectArtifacts(list, deleting({ keepLatest: 2 }), NOW)
    expect(ids(selection.spared).sort((x, y) => x - y)).toEqual([1, 2, 11, 12])
    expect(ids(selection.selected).sort((x, y) => x - y)).toEqual([3, 4, 13])
  })

  it('spares among artifacts of every age: the old ones go, never the last N', () => {
    // Newest: 10 days; then 40, 50, 60. With older-than 30d and keep-latest 2 the two newest
    // (10 and 40 days) stay. Sparing among the old ones only would wrongly keep 50 days too.
    const list = [
      artifact(1, { name: 'report', ageDays: 10 }),
      artifact(2, { name: 'report', ageDays: 40 }),
      artifact(3, { name: 'report', ageDays: 50 }),
      artifact(4, { name: 'report', ageDays: 60 })
    ]
    const selection = selectArtifacts(list, deleting({ keepLatest: 2, olderThanMs: 30 * DAY }), NOW)
    expect(ids(selection.selected)).toEqual([4, 3])
    expect(ids(selection.spared)).toEqual([1, 2])
  })

  it('spares among artifacts of every size', () => {
    // The newest is small; min-size must not make keep-latest spare an older, larger one.
    const list = [
      artifact(1, { name: 'build', ageDays: 1, size: 10 }),
      artifact(2, { name: 'build', ageDays: 2, size: 5_000_000 }),
      artifact(3, { name: 'build', ageDays: 3, size: 5_000_000 })
    ]
    const selection = selectArtifacts(list, deleting({ keepLatest: 1, minSize: 1_000_000 }), NOW)
    expect(ids(selection.selected)).toEqual([3, 2])
    expect(ids(selection.spared)).toEqual([1])
  })

  it('spares among artifacts of every age for newer-than too', () => {
    const list = artifacts(5, { name: 'n' })
    const selection = selectArtifacts(
      list,
      deleting({ keepLatest: 2, newerThanMs: 4 * DAY + 1 }),
      NOW
    )
    expect(ids(selection.selected)).toEqual([4, 3])
  })

  it('counts only artifacts that pass the other filters (expired, name, branch, commit)', () => {
    const list = [
      artifact(1, { name: 'x', ageDays: 1, expired: true }),
      artifact(2, { name: 'x', ageDays: 2, branch: 'feature' }),
      artifact(3, { name: 'x', ageDays: 3 }),
      artifact(4, { name: 'x', ageDays: 4 }),
      artifact(5, { name: 'y', ageDays: 0.5 })
    ]
    const selection = selectArtifacts(
      list,
      deleting({ names: ['x'], branch: 'main', keepLatest: 1 }),
      NOW
    )
    // 1 is expired and 2 on another branch: neither counts, so 3 is the one spared.
    expect(ids(selection.spared)).toEqual([3])
    expect(ids(selection.selected)).toEqual([4])
  })

  it('keep-latest-by name-and-branch: one group per name and branch', () => {
    const list = [
      artifact(1, { name: 'a', branch: 'main', ageDays: 1 }),
      artifact(2, { name: 'a', branch: 'main', ageDays: 2 }),
      artifact(3, { name: 'a', branch: 'dev', ageDays: 3 }),
      artifact(4, { name: 'a', branch: 'dev', ageDays: 4 }),
      artifact(5, { name: 'b', branch: 'main', ageDays: 5 }),
      artifact(6, { name: 'b', branch: 'main', ageDays: 6 })
    ]
    const selection = selectArtifacts(
      list,
      deleting({ keepLatest: 1, keepLatestBy: 'name-and-branch' }),
      NOW
    )
    expect(ids(selection.spared)).toEqual([1, 3, 5])
    expect(ids(selection.selected)).toEqual([6, 4, 2])
  })

  it('keep-latest-by name-and-branch does not confuse a / in the name with the branch', () => {
    const list = [
      artifact(1, { name: 'a/b', branch: 'c', ageDays: 1 }),
      artifact(2, { name: 'a', branch: 'b/c', ageDays: 2 })
    ]
    const selection = selectArtifacts(
      list,
      deleting({ keepLatest: 1, keepLatestBy: 'name-and-branch' }),
      NOW
    )
    expect(ids(selection.spared)).toEqual([1, 2])
    expect(selection.selected).toEqual([])
  })

  it('keep-latest-by all: the N newest overall', () => {
    const list = [
      artifact(1, { name: 'a', ageDays: 1 }),
      artifact(2, { name: 'b', ageDays: 2 }),
      artifact(3, { name: 'c', ageDays: 3 }),
      artifact(4, { name: 'a', ageDays: 4 })
    ]
    const selection = selectArtifacts(list, deleting({ keepLatest: 2, keepLatestBy: 'all' }), NOW)
    expect(ids(selection.spared)).toEqual([1, 2])
    expect(ids(selection.selected)).toEqual([4, 3])
  })

  it('keep-latest-by name: the N newest of each name, whatever the branch', () => {
    const list = [
      artifact(1, { name: 'a', branch: 'main', ageDays: 1 }),
      artifact(2, { name: 'a', branch: 'dev', ageDays: 2 }),
      artifact(3, { name: 'b', branch: 'dev', ageDays: 3 })
    ]
    const selection = selectArtifacts(list, deleting({ keepLatest: 1, keepLatestBy: 'name' }), NOW)
    expect(ids(selection.spared)).toEqual([1, 3])
    expect(ids(selection.selected)).toEqual([2])
  })

  it('decides "newest" by created_at, not by the order the API gave', () => {
    const list = [
      artifact(3, { name: 'a', ageDays: 3 }),
      artifact(1, { name: 'a', ageDays: 1 }),
      artifact(2, { name: 'a', ageDays: 2 })
    ]
    expect(ids(selectArtifacts(list, deleting({ keepLatest: 1 }), NOW).spared)).toEqual([1])
  })

  it('keep-latest larger than a group spares the whole group', () => {
    const selection = selectArtifacts(artifacts(3, { name: 'a' }), deleting({ keepLatest: 5 }), NOW)
    expect(selection.selected).toEqual([])
    expect(ids(selection.spared)).toEqual([1, 2, 3])
  })

  it('keep-latest 0 spares nothing', () => {
    const selection = selectArtifacts(artifacts(3, { name: 'a' }), deleting({ keepLatest: 0 }), NOW)
    expect(selection.spared).toEqual([])
    expect(ids(selection.selected)).toEqual([3, 2, 1])
  })
})

describe('order and limit', () => {
  it('delete acts oldest first', () => {
    const selection = selectArtifacts(artifacts(5), deleting(), NOW)
    expect(ids(selection.selected)).toEqual([5, 4, 3, 2, 1])
  })

  it('list reports newest first', () => {
    const selection = selectArtifacts(artifacts(5), criteria(), NOW)
    expect(ids(selection.selected)).toEqual([1, 2, 3, 4, 5])
  })

  it('limit cuts the tail into notReached (delete: the newest wait)', () => {
    const selection = selectArtifacts(artifacts(5), deleting({ limit: 2 }), NOW)
    expect(ids(selection.selected)).toEqual([5, 4])
    expect(ids(selection.notReached)).toEqual([3, 2, 1])
  })

  it('limit cuts the tail into notReached (list: the oldest wait)', () => {
    const selection = selectArtifacts(artifacts(5), criteria({ limit: 3 }), NOW)
    expect(ids(selection.selected)).toEqual([1, 2, 3])
    expect(ids(selection.notReached)).toEqual([4, 5])
  })

  it('limit at or above the count leaves nothing behind', () => {
    for (const limit of [5, 6, 1000]) {
      const selection = selectArtifacts(artifacts(5), deleting({ limit }), NOW)
      expect(selection.selected).toHaveLength(5)
      expect(selection.notReached).toEqual([])
    }
  })

  it('limit applies after filters and spares', () => {
    const list = [...artifacts(6, { name: 'a' }, 1), artifact(100, { name: 'other', ageDays: 50 })]
    const selection = selectArtifacts(
      list,
      deleting({ names: ['a'], keepLatest: 2, limit: 3 }),
      NOW
    )
    expect(ids(selection.selected)).toEqual([6, 5, 4])
    expect(ids(selection.notReached)).toEqual([3])
    expect(ids(selection.spared)).toEqual([1, 2])
  })

  it('nothing listed: nothing selected', () => {
    expect(selectArtifacts([], deleting({ limit: 1, keepLatest: 1 }), NOW)).toEqual({
      selected: [],
      notReached: [],
      spared: [],
      sparedByTag: [],
      sparedAsActive: [],
      activeRuns: [],
      listed: 0
    })
  })
})
