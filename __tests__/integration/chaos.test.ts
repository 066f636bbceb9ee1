/**
 * Rate limits and faults, end to end: dist/index.js against the emulator with faults installed.
 * Windows and timeouts are small (the emulator's knobs and the action's ARTIFACT_KEEPER_*
 * variables), so nothing sleeps for long; assertions are on counts and states, never on timings.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { minimatch } from 'minimatch'
import {
  type Emulator,
  type EmulatorOptions,
  type FaultController,
  type FaultOptions,
  type SeedArtifact,
  generateArtifacts,
  installFaults,
  startEmulator
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const REPO = 'octo-org/chaos'
const WRITE = 'ghs_write_token'
const DAY = 86_400_000

/** Short waits for tests; every one is a documented setting (README: "Rate limits, retries and timeouts"). */
const FAST: Record<string, string> = {
  ARTIFACT_KEEPER_REQUEST_TIMEOUT_MS: '400',
  ARTIFACT_KEEPER_RETRY_BASE_MS: '20',
  ARTIFACT_KEEPER_SECONDARY_WAIT_MS: '500',
  ARTIFACT_KEEPER_MAX_WAIT_MS: '5000'
}

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function setUp(
  count: number,
  options: EmulatorOptions = {},
  faults?: Omit<FaultOptions, 'uploads'> & { uploadsPerList?: number }
): Promise<{
  emu: Emulator
  seed: SeedArtifact[]
  sizes: Map<number, number>
  faults?: FaultController
}> {
  const emu = await startEmulator(options)
  emulator = emu
  const seed = generateArtifacts({ seed: 17, count, repositoryId: 4242 })
  emu.addRepository(REPO, seed, { id: 4242 })
  const sizes = new Map(emu.listArtifacts(REPO).map((a) => [a.id, a.size_in_bytes]))
  const { uploadsPerList, ...rest } = faults ?? { seed: 0 }
  const controller = faults
    ? installFaults(emu, {
        ...rest,
        uploads: uploadsPerList ? { repository: REPO, perListRequest: uploadsPerList } : undefined
      })
    : undefined
  return { emu, seed, sizes, faults: controller }
}

function deleteRun(
  emu: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string> = FAST,
  token = WRITE
): Promise<ActionRun> {
  return runAction({
    apiUrl: emu.url,
    token,
    repository: REPO,
    inputs: { [Inputs.Mode]: 'delete', ...inputs },
    env
  })
}

interface Listed {
  id: number
  outcome: string
  size_in_bytes: number
}

const age = (a: SeedArtifact): number => Date.now() - Date.parse(a.created_at)
const ids = (list: { id: number }[]): number[] => list.map((a) => a.id).sort((a, b) => a - b)

describe('chaos: every fault at once, through dist/index.js', () => {
  it('a cleaner by age and name ends with exactly the expected survivors and exact counts', async () => {
    const { emu, seed, sizes, faults } = await setUp(
      1200,
      // A one-second primary window: someone else exhausting it means a short wait for the reset.
      { rateLimit: { limit: 5000, windowMs: 1000 } },
      {
        seed: 5,
        latencyMs: [1, 15],
        serverErrorRate: 0.03,
        resetRate: 0.02,
        deleteThen502Rate: 0.05,
        hangRate: 0.01,
        // GitHub's 900 points a minute and 100 in flight, scaled to 200 a second and 5; paced at 150 points a second.
        secondary: { pointsPerWindow: 200, windowMs: 1000, concurrency: 5 },
        primaryExhaustion: { rate: 0.003 },
        // Whatever the timing, each fault happens at least this often.
        forceAt: {
          serverError: [25, 120],
          reset: [35, 130],
          hang: [45, 140],
          primary: [60],
          deleteThen502: [10, 60]
        },
        uploadsPerList: 2
      }
    )
    const pattern = ['build-*', '!build-windows*']
    const matches = (name: string): boolean =>
      minimatch(name, 'build-*') && !minimatch(name, 'build-windows*')
    const expected = seed.filter((a) => !a.expired && age(a) > 20 * DAY && matches(a.name))
    expect(expected.length).toBeGreaterThan(100)

    const run = await deleteRun(emu, {
      [Inputs.Name]: pattern.join('\n'),
      [Inputs.OlderThan]: '20d',
      [Inputs.Concurrency]: '8',
      [Inputs.DeletesPerMinute]: '1800'
    })

    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const stats = faults?.stats
    // Every fault fired.
    for (const kind of [
      'serverError',
      'reset',
      'deleteThen502',
      'hang',
      'secondary',
      'primary'
    ] as const) {
      expect([kind, stats?.injected[kind]]).toEqual([kind, expect.any(Number)])
      expect(stats?.injected[kind]).toBeGreaterThan(0)
    }
    expect(stats?.uploaded.length).toBeGreaterThan(0)
    expect(stats?.violations).toEqual([])

    // Exactly the expected artifacts are gone; every other one, and every upload, survives.
    const survivors = ids(emu.listArtifacts(REPO))
    const goneIds = new Set(expected.map((a) => a.id))
    const expectedSurvivors = [
      ...seed.filter((a) => !goneIds.has(a.id)).map((a) => a.id),
      ...(stats?.uploaded ?? [])
    ].sort((a, b) => a - b)
    expect(survivors).toEqual(expectedSurvivors)
    expect([...emu.deletedIds(REPO)].sort((a, b) => a - b)).toEqual(ids(expected))

    // Each artifact counted once; outputs add up.
    const listed = JSON.parse(run.outputs[Outputs.Artifacts]) as Listed[]
    expect(ids(listed)).toEqual(ids(expected))
    const deleted = listed.filter((a) => a.outcome === 'deleted')
    const gone = listed.filter((a) => a.outcome === 'gone')
    expect(deleted.length + gone.length).toBe(expected.length)
    expect(gone.length).toBeGreaterThan(0) // a DELETE that took effect but answered 502, then 404
    expect(Number(run.outputs[Outputs.Count])).toBe(expected.length)
    expect(Number(run.outputs[Outputs.DeletedCount])).toBe(deleted.length)
    expect(Number(run.outputs[Outputs.DeletedBytes])).toBe(
      deleted.reduce((sum, a) => sum + (sizes.get(a.id) ?? NaN), 0)
    )
    expect(run.outputs[Outputs.FailedCount]).toBe('0')
    expect(run.outputs[Outputs.RemainingCount]).toBe('0')
    expect(run.outputs[Outputs.Complete]).toBe('true')
  })
})

describe('the primary budget and its reserve', () => {
  it('300 requests with a 10% reserve: stops at the reserve, complete=false; a second run finishes', async () => {
    const { emu, seed } = await setUp(1200, {
      rateLimit: { limit: 300 },
      tokens: { [WRITE]: 'write', ghs_next_hour: 'write' }
    })
    const names = ['build-linux', 'test-results', 'coverage']
    const expected = seed.filter((a) => !a.expired && names.includes(a.name))
    // More than one run's budget (300 - 30 reserve - 12 pages), less than two.
    expect(expected.length).toBeGreaterThan(270)
    expect(expected.length).toBeLessThan(450)
    const inputs = {
      [Inputs.Name]: names.join('\n'),
      [Inputs.RateLimitReserve]: '10%',
      [Inputs.DeletesPerMinute]: '0'
    }

    const first = await deleteRun(emu, inputs)
    expect(first.errors).toEqual([])
    expect(first.code).toBe(0)
    expect(first.outputs[Outputs.Complete]).toBe('false')
    const deletedFirst = Number(first.outputs[Outputs.DeletedCount])
    expect(deletedFirst).toBeGreaterThan(0)
    expect(Number(first.outputs[Outputs.RemainingCount])).toBe(expected.length - deletedFirst)
    expect(first.outputs[Outputs.FailedCount]).toBe('0')
    expect(first.warnings.join('\n')).toMatch(/reserve.*resets at \d{4}-\d\d-\d\dT/s)
    // No request past the reserve: 30 of 300 are left, and nothing was refused.
    expect(emu.rateLimit(WRITE).remaining).toBeGreaterThanOrEqual(30)
    expect(emu.requests.filter((r) => r.status === 403)).toEqual([])
    expect(emu.deletedIds(REPO)).toHaveLength(deletedFirst)

    // The next run (a fresh hour: another token with its own budget) carries on from a fresh list.
    const second = await deleteRun(emu, inputs, FAST, 'ghs_next_hour')
    expect(second.errors).toEqual([])
    expect(second.outputs[Outputs.Complete]).toBe('true')
    expect(Number(second.outputs[Outputs.DeletedCount])).toBe(expected.length - deletedFirst)
    expect([...emu.deletedIds(REPO)].sort((a, b) => a - b)).toEqual(ids(expected))
    const goneIds = new Set(expected.map((a) => a.id))
    expect(ids(emu.listArtifacts(REPO))).toEqual(ids(seed.filter((a) => !goneIds.has(a.id))))
  })

  it('a reserve reached during the listing: acts on nothing, complete=false, succeeds', async () => {
    const { emu, seed } = await setUp(1200, { rateLimit: { limit: 60 } })
    const run = await deleteRun(emu, {
      [Inputs.Name]: '*',
      [Inputs.RateLimitReserve]: '55',
      [Inputs.Concurrency]: '2'
    })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs[Outputs.Complete]).toBe('false')
    expect(run.outputs[Outputs.DeletedCount]).toBe('0')
    expect(Number(run.outputs[Outputs.RemainingCount])).toBe(seed.length)
    expect(emu.requests.filter((r) => r.method === 'DELETE')).toEqual([])
    expect(emu.rateLimit(WRITE).remaining).toBeGreaterThanOrEqual(55)
    expect(run.warnings.join('\n')).toContain('nothing was acted on')
  })
})

describe('secondary limits, permissions and hung servers', () => {
  it('a secondary limit is obeyed after the first signal: no request while limited, nothing lost', async () => {
    const { emu, seed, faults } = await setUp(
      400,
      {},
      { seed: 9, secondary: { pointsPerWindow: 100, windowMs: 2000 } }
    )
    const expected = seed.filter((a) => !a.expired && a.name === 'coverage')
    expect(expected.length).toBeGreaterThan(25)
    const run = await deleteRun(emu, {
      [Inputs.Name]: 'coverage',
      [Inputs.Concurrency]: '4',
      [Inputs.DeletesPerMinute]: '1500'
    })
    expect(run.errors).toEqual([])
    expect(faults?.stats.secondaryEpisodes).toBeGreaterThan(0)
    expect(faults?.stats.violations).toEqual([])
    expect([...emu.deletedIds(REPO)].sort((a, b) => a - b)).toEqual(ids(expected))
    expect(run.outputs[Outputs.Complete]).toBe('true')
    expect(run.outputs[Outputs.FailedCount]).toBe('0')
  })

  it('a read-only token fails fast with one clear message', async () => {
    const { emu } = await setUp(300)
    const run = await deleteRun(
      emu,
      { [Inputs.Name]: '*', [Inputs.Concurrency]: '4', [Inputs.DeletesPerMinute]: '0' },
      FAST,
      'ghs_read_token'
    )
    expect(run.code).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('actions: write')
    // Stopped at once: at most the deletes already in flight, none retried.
    const deletes = emu.requests.filter((r) => r.method === 'DELETE')
    expect(deletes.length).toBeLessThanOrEqual(4)
    expect(new Set(deletes.map((r) => r.path)).size).toBe(deletes.length)
    expect(emu.deletedIds(REPO)).toEqual([])
    expect(run.outputs[Outputs.Complete]).toBe('false')
    expect(Number(run.outputs[Outputs.FailedCount])).toBe(deletes.length)
  })

  it('a hung server is timed out, retried a bounded number of times, and the step fails saying so', async () => {
    const { emu, faults } = await setUp(50, {}, { seed: 1, hangAll: true })
    const run = await runAction({
      apiUrl: emu.url,
      token: WRITE,
      repository: REPO,
      env: { ...FAST, ARTIFACT_KEEPER_REQUEST_TIMEOUT_MS: '200', ARTIFACT_KEEPER_RETRIES: '2' }
    })
    expect(run.code).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(/did not answer within 0\.2 s \(3 attempt/)
    expect(faults?.stats.injected.hang).toBe(3)
  })
})
