import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { minimatch } from 'minimatch'
import {
  type Emulator,
  type SeedArtifact,
  generateArtifacts,
  startEmulator
} from '../../emulator/index.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { type ActionRun, runAction, visible } from '../../scripts/run-action.js'

const REPO = 'octo-org/cleaner'
const WRITE = 'ghs_write_token'
const DAY = 86_400_000

let emulator: Emulator
let seed: SeedArtifact[]

beforeAll(async () => {
  emulator = await startEmulator()
  seed = generateArtifacts({ seed: 42, count: 2500, repositoryId: 1001 })
})
afterAll(async () => emulator.close())

// Every test starts from the same 2,500-artifact repository.
let repo = ''
let counter = 0
beforeEach(() => {
  counter += 1
  repo = `${REPO}-${counter}`
  emulator.addRepository(repo, seed, { id: 1001 })
  emulator.resetRequests()
})

function clean(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    apiUrl: emulator.url,
    token: WRITE,
    repository: repo,
    // Pacing is for GitHub's secondary limit; the emulator here enforces none.
    inputs: { [Inputs.Mode]: 'delete', [Inputs.DeletesPerMinute]: '0', ...inputs }
  })
}

/** The ids left in the emulator after the run. */
function survivors(): Set<number> {
  return new Set(emulator.listArtifacts(repo).map((a) => a.id))
}

/** Checks that exactly `shouldGo` were deleted, everything else survived, and outputs add up. */
function expectDeleted(run: ActionRun, shouldGo: SeedArtifact[]): void {
  expect(run.errors).toEqual([])
  expect(run.code).toBe(0)
  const goneIds = new Set(shouldGo.map((a) => a.id))
  const expectedSurvivors = seed.filter((a) => !goneIds.has(a.id)).map((a) => a.id)
  expect([...survivors()].sort()).toEqual(expectedSurvivors.sort())
  expect(emulator.deletedIds(repo).sort()).toEqual([...goneIds].sort())
  expect(Number(run.outputs[Outputs.DeletedCount])).toBe(shouldGo.length)
  const bytes = shouldGo.reduce((sum, a) => sum + sizeOf(a), 0)
  expect(Number(run.outputs[Outputs.DeletedBytes])).toBe(bytes)
  expect(run.outputs[Outputs.Complete]).toBe('true')
  expect(run.outputs[Outputs.FailedCount]).toBe('0')
}

function sizeOf(a: SeedArtifact): number {
  const size = wireSizes.get(a.id)
  if (size === undefined) throw new Error(`no size for ${a.id}`)
  return size
}
// Sizes as the API serves them, taken before each run.
const wireSizes = new Map<number, number>()
beforeEach(() => {
  for (const w of emulator.listArtifacts(repo)) wireSizes.set(w.id, w.size_in_bytes)
})

const age = (a: SeedArtifact): number => Date.now() - Date.parse(a.created_at)

describe('delete through dist/index.js against the emulator (2,500 artifacts)', () => {
  it('cleans by age: exactly the unexpired artifacts older than 30 days go', async () => {
    const run = await clean({ [Inputs.OlderThan]: '30d' })
    const expected = seed.filter((a) => !a.expired && age(a) > 30 * DAY)
    expect(expected.length).toBeGreaterThan(100)
    expectDeleted(run, expected)
  })

  it('cleans by name glob with exclusions', async () => {
    const run = await clean({ [Inputs.Name]: 'build-*\n!build-windows*' })
    const expected = seed.filter(
      (a) => !a.expired && minimatch(a.name, 'build-*') && !minimatch(a.name, 'build-windows*')
    )
    expect(expected.length).toBeGreaterThan(10)
    expectDeleted(run, expected)
  })

  it('cleans by branch glob', async () => {
    const run = await clean({ [Inputs.Branch]: 'dependabot/**' })
    const expected = seed.filter(
      (a) => !a.expired && a.workflow_run.head_branch.startsWith('dependabot/')
    )
    expect(expected.length).toBeGreaterThan(0)
    expectDeleted(run, expected)
  })

  it('cleans one run, and sends the run-artifacts request rather than the repository list', async () => {
    const runId = seed[10].workflow_run.id
    const run = await clean({ [Inputs.RunId]: String(runId) })
    const expected = seed.filter((a) => !a.expired && a.workflow_run.id === runId)
    expectDeleted(run, expected)
    const lists = emulator.requests.filter((r) => r.method === 'GET')
    expect(lists.every((r) => r.path.includes(`/actions/runs/${runId}/artifacts`))).toBe(true)
  })

  it('keeps the latest N of each name among old artifacts (keep-latest, by name)', async () => {
    const run = await clean({
      [Inputs.Name]: '*',
      [Inputs.KeepLatest]: '3',
      [Inputs.OlderThan]: '7d'
    })
    const live = seed.filter((a) => !a.expired)
    const newestFirst = [...live].sort(
      (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id
    )
    const kept = new Set<number>()
    const perName = new Map<string, number>()
    // Provenance is part of every group: a fork's artifacts (per head repository) are a group apart.
    const perGroup = new Map<string, number>()
    for (const a of newestFirst) {
      const run = a.workflow_run
      const from = run.head_repository_id === run.repository_id ? '' : run.head_repository_id
      const group = `${from}/${a.name}`
      const n = perGroup.get(group) ?? 0
      if (n < 3) kept.add(a.id)
      perGroup.set(group, n + 1)
      perName.set(a.name, (perName.get(a.name) ?? 0) + 1)
    }
    const expected = live.filter((a) => !kept.has(a.id) && age(a) > 7 * DAY)
    expectDeleted(run, expected)
    // Each name still has its 3 newest (or all it had).
    const after = emulator.listArtifacts(repo).filter((a) => !a.expired)
    for (const [name, total] of perName) {
      expect(after.filter((a) => a.name === name).length).toBeGreaterThanOrEqual(Math.min(3, total))
    }
  })

  it('deletes exactly the given artifact ids, and reports a missing one without failing', async () => {
    const ids = [seed[0].id, seed[500].id, seed[1999].id]
    const run = await clean({ [Inputs.ArtifactIds]: `${ids.join(',')}\n999999999` })
    expectDeleted(
      run,
      seed.filter((a) => ids.includes(a.id) && !a.expired)
    )
    expect(run.stdout).toContain('999999999')
    const listings = emulator.requests.filter((r) => r.path.endsWith('/actions/artifacts'))
    expect(listings).toEqual([])
  })

  it('dry run deletes nothing and reports would-delete', async () => {
    const run = await clean({ [Inputs.OlderThan]: '30d', [Inputs.DryRun]: 'true' })
    expect(run.code).toBe(0)
    expect(survivors().size).toBe(seed.length)
    expect(emulator.requests.filter((r) => r.method === 'DELETE')).toEqual([])
    const expected = seed.filter((a) => !a.expired && age(a) > 30 * DAY)
    const listed = JSON.parse(run.outputs[Outputs.Artifacts]) as { outcome: string }[]
    expect(listed.length).toBe(expected.length)
    expect(listed.every((a) => a.outcome === 'would-delete')).toBe(true)
    expect(run.outputs[Outputs.DeletedCount]).toBe('0')
  })

  it('limit deletes the oldest N and leaves the rest for a later run', async () => {
    const run = await clean({ [Inputs.OlderThan]: '30d', [Inputs.Limit]: '25' })
    const candidates = seed
      .filter((a) => !a.expired && age(a) > 30 * DAY)
      .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id)
    expect(run.code).toBe(0)
    expect(emulator.deletedIds(repo).sort()).toEqual(
      candidates
        .slice(0, 25)
        .map((a) => a.id)
        .sort()
    )
    expect(run.outputs[Outputs.Complete]).toBe('false')
    expect(Number(run.outputs[Outputs.RemainingCount])).toBe(candidates.length - 25)
  })

  it('refuses to delete everything without a selecting input, before any request', async () => {
    const run = await clean({})
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain("name: '*'")
    expect(emulator.requests).toEqual([])
    expect(survivors().size).toBe(seed.length)
  })

  it.each([
    [Inputs.OlderThan, '30'],
    [Inputs.OlderThan, '-3d'],
    [Inputs.MinSize, '10 parsecs'],
    [Inputs.KeepLatestBy, 'size'],
    [Inputs.Mode, 'purge'],
    [Inputs.DryRun, 'yes'],
    [Inputs.Commit, 'xyz'],
    [Inputs.Repository, 'not a repo']
  ])('bad input %s=%p exits non-zero naming it, before any request', async (input, value) => {
    const run = await clean({ [Inputs.Name]: '*', [input]: value })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain(`'${input}'`)
    expect(run.errors.join('\n')).toContain(value)
    expect(emulator.requests).toEqual([])
    expect(survivors().size).toBe(seed.length)
  })
})

describe('API errors give the spec messages', () => {
  it('401: the token was rejected', async () => {
    const run = await runAction({
      apiUrl: emulator.url,
      token: 'ghs_not_a_token',
      repository: repo,
      inputs: { [Inputs.Mode]: 'list' }
    })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toMatch(/token was rejected/)
    expect(visible(run.stdout) + run.stderr).not.toContain('ghs_not_a_token')
  })

  it('403 on delete with a read-only token: stops at once and asks for actions: write', async () => {
    const run = await runAction({
      apiUrl: emulator.url,
      token: 'ghs_read_token',
      repository: repo,
      inputs: { [Inputs.Mode]: 'delete', [Inputs.Name]: '*', [Inputs.DeletesPerMinute]: '0' }
    })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain('permissions: actions: write')
    expect(survivors().size).toBe(seed.length)
    // Stops at once: no more DELETEs than could be in flight together (concurrency).
    expect(emulator.requests.filter((r) => r.method === 'DELETE').length).toBeLessThanOrEqual(8)
  })

  it('404 on the repository: not found or not visible', async () => {
    const run = await runAction({
      apiUrl: emulator.url,
      token: WRITE,
      repository: 'octo-org/does-not-exist',
      inputs: { [Inputs.Mode]: 'list' }
    })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toMatch(/not found or is not visible to this token/)
  })
})
