/**
 * The lagging run index (filtered workflow-runs listings), runs that have not completed and their
 * artifacts, and run paths carrying `@ref`.
 */
import { startEmulator, type Emulator, type SeedRun } from '../../emulator/index.js'
import { call, DAY, NOW, REPO, REPO_ID, seed, WRITE } from './helpers.js'
import { errorsOf, responseSchema, validator } from './openapi.js'

const validateList = validator(responseSchema('actions/list-workflow-runs-for-repo', 200))
const validateWorkflowList = validator(responseSchema('actions/list-workflow-runs', 200))
const validateRun = validator(responseSchema('actions/get-workflow-run', 200))
const validateRunArtifacts = validator(responseSchema('actions/list-workflow-run-artifacts', 200))

const MINUTE = 60000
const LAG = 5 * MINUTE
const WORKFLOW = { id: 77, name: 'Build', path: '.github/workflows/build.yml' }

interface RunBody {
  id: number
  status: string
  conclusion: string | null
  path: string
  updated_at: string
}
interface RunsBody {
  total_count: number
  workflow_runs: RunBody[]
}

function run(id: number, createdMs: number, o: Partial<SeedRun> = {}): SeedRun {
  return {
    id,
    workflow_id: WORKFLOW.id,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    head_branch: 'main',
    head_sha: id.toString(16).padStart(40, 'c'),
    head_repository_id: REPO_ID,
    run_number: id,
    created_at: new Date(createdMs).toISOString(),
    ...o
  }
}

async function runs(emu: Emulator, query: string, workflow = false): Promise<RunsBody> {
  const path = workflow
    ? `/repos/${REPO}/actions/workflows/build.yml/runs${query}`
    : `/repos/${REPO}/actions/runs${query}`
  const res = await call(emu.url, path)
  expect(res.status).toBe(200)
  const body = res.json<RunsBody>()
  const validate = workflow ? validateWorkflowList : validateList
  if (!validate(body)) throw new Error(`schema violation: ${errorsOf(validate)}`)
  expect(body.total_count).toBe(body.workflow_runs.length)
  return body
}

const ids = (body: RunsBody): number[] => body.workflow_runs.map((r) => r.id)

async function getRun(emu: Emulator, id: number): Promise<RunBody> {
  const res = await call(emu.url, `/repos/${REPO}/actions/runs/${id}`)
  expect(res.status).toBe(200)
  const body = res.json<RunBody>()
  if (!validateRun(body)) throw new Error(`schema violation: ${errorsOf(validateRun)}`)
  return body
}

describe('a lagging run index', () => {
  let clock: number
  let emu: Emulator
  let stale: Emulator
  const OLD = 9001
  const FRESH = 9002

  beforeEach(async () => {
    clock = NOW
    const seeds = {
      workflows: [WORKFLOW],
      runs: [
        // completed ten minutes after it started, a day ago
        run(OLD, NOW - DAY, { updated_at: new Date(NOW - DAY + 10 * MINUTE).toISOString() }),
        // started two minutes ago, still running
        run(FRESH, NOW - 2 * MINUTE, { status: 'in_progress', conclusion: null })
      ]
    }
    emu = await startEmulator({ now: () => clock, runIndexLagMs: LAG })
    emu.addRepository(REPO, [], seeds)
    stale = await startEmulator({ now: () => clock, runIndexLagMs: LAG, runIndexServesStale: true })
    stale.addRepository(REPO, [], seeds)
  })
  afterEach(async () => {
    await emu.close()
    await stale.close()
  })

  it('misses a run younger than the lag in filtered listings; the unfiltered one and Get a run do not', async () => {
    expect(ids(await runs(emu, ''))).toEqual([FRESH, OLD])
    expect(ids(await runs(emu, '?branch=main'))).toEqual([OLD])
    expect(ids(await runs(emu, '?event=push'))).toEqual([OLD])
    expect(ids(await runs(emu, '?status=in_progress'))).toEqual([])
    expect(ids(await runs(emu, '', true))).toEqual([OLD])
    expect(await getRun(emu, FRESH)).toMatchObject({ status: 'in_progress', conclusion: null })

    clock += 3 * MINUTE + 1 // created five minutes ago: the index has it now
    expect(ids(await runs(emu, '?branch=main'))).toEqual([FRESH, OLD])
    expect(ids(await runs(emu, '?status=in_progress'))).toEqual([FRESH])
  })

  it('sees a completion only after the lag; serves current bodies unless told to serve stale ones', async () => {
    clock += 10 * MINUTE
    emu.completeRun(REPO, FRESH, 'success')
    stale.completeRun(REPO, FRESH, 'success')
    clock += MINUTE

    // Get a workflow run is always current
    expect(await getRun(emu, FRESH)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      updated_at: new Date(NOW + 10 * MINUTE).toISOString().replace('.000', '')
    })
    // the index still holds "in progress": a filter on the conclusion misses the run
    expect(ids(await runs(emu, '?status=success'))).toEqual([OLD])
    expect(ids(await runs(emu, '?status=completed', true))).toEqual([OLD])
    expect(ids(await runs(emu, '?status=in_progress'))).toEqual([FRESH])
    // ... and the body is current by default, stale on request
    const current = (await runs(emu, '?branch=main')).workflow_runs[0]
    expect(current).toMatchObject({ id: FRESH, status: 'completed', conclusion: 'success' })
    const old = (await runs(stale, '?branch=main')).workflow_runs[0]
    expect(old).toMatchObject({ id: FRESH, status: 'in_progress', conclusion: null })

    clock += LAG
    expect(ids(await runs(emu, '?status=success'))).toEqual([FRESH, OLD])
    expect(ids(await runs(stale, '?status=success'))).toEqual([FRESH, OLD])
    expect(ids(await runs(emu, '?status=in_progress'))).toEqual([])
  })

  it('sees a seeded run as in progress until the lag after its updated_at', async () => {
    clock = NOW - DAY + 12 * MINUTE // two minutes after OLD completed
    expect(ids(await runs(emu, '?status=success'))).toEqual([])
    expect(ids(await runs(emu, '?status=in_progress'))).toEqual([OLD])
    expect(await getRun(emu, OLD)).toMatchObject({ status: 'completed', conclusion: 'success' })
  })
})

describe('runs that have not completed, and their artifacts', () => {
  let emu: Emulator
  let clock: number
  beforeAll(async () => {
    clock = NOW
    emu = await startEmulator({ now: () => clock })
    emu.addRepository(REPO, [seed(1, 'old-build', NOW - 3 * DAY, { run: 100 })], {
      workflows: [WORKFLOW]
    })
  })
  afterAll(async () => emu.close())

  it('serves a running run and the artifacts its first jobs uploaded, then completes it', async () => {
    emu.addRun(REPO, run(200, NOW - MINUTE, { status: 'in_progress', conclusion: null }), [
      seed(2, 'dist', NOW - 30000, { run: 200 })
    ])
    expect(await getRun(emu, 200)).toMatchObject({ status: 'in_progress', conclusion: null })
    const listed = await call(emu.url, `/repos/${REPO}/actions/runs/200/artifacts`)
    const body = listed.json<{ artifacts: { id: number }[] }>()
    if (!validateRunArtifacts(body)) throw new Error(errorsOf(validateRunArtifacts))
    expect(body.artifacts.map((a) => a.id)).toEqual([2])

    emu.setRunStatus(REPO, 200, 'waiting') // a deployment review, say
    expect(await getRun(emu, 200)).toMatchObject({ status: 'waiting', conclusion: null })
    // a later job of the same run uploads another artifact
    emu.addArtifacts(REPO, [seed(3, 'report', NOW, { run: 200 })])
    clock += MINUTE
    emu.completeRun(REPO, 200, 'failure')
    expect(await getRun(emu, 200)).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(emu.listRuns(REPO).find((r) => r.id === 200)?.updated_at).toBe('2025-06-01T00:01:00Z')
    expect(emu.listArtifacts(REPO).map((a) => a.id)).toEqual([3, 2, 1])
    // and a run by that name cannot be added twice, nor can an unknown run change
    expect(() => emu.addRun(REPO, run(200, NOW))).toThrow(/has run 200 already/)
    expect(() => emu.completeRun(REPO, 404)).toThrow(/has no run 404/)
    expect((await call(emu.url, `/repos/${REPO}/actions/artifacts/3`, WRITE)).status).toBe(200)
  })
})

describe('runs of reusable and required workflows', () => {
  it('serve a path that carries @ref', async () => {
    const emu = await startEmulator({ now: () => NOW })
    try {
      const path = 'octo-org/shared/.github/workflows/build.yml@refs/heads/main'
      emu.addRepository(REPO, [], { workflows: [WORKFLOW], runs: [run(300, NOW - DAY, { path })] })
      expect((await getRun(emu, 300)).path).toBe(path)
      expect((await runs(emu, '?branch=main')).workflow_runs[0].path).toBe(path)
    } finally {
      await emu.close()
    }
  })
})
