import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Emulator,
  type SeedArtifact,
  type WorkflowRunRef,
  startEmulator,
  uploadArtifactZip
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

// Issue 13, items 1 and 2: a download is one consistent set (latest: run), and a dry run resolves
// and reports it without a single archive request, blob transfer or write. Through dist/index.js.

const REPO = 'octo-org/builds'
const REPO_ID = 600
const FORK_ID = 6001
const TOKEN = 'ghs_read_token'
const HOUR = 3_600_000

let emulator: Emulator

function ref(id: number, branch: string, head = REPO_ID): WorkflowRunRef {
  return {
    id,
    repository_id: REPO_ID,
    head_repository_id: head,
    head_branch: branch,
    head_sha: (id % 256).toString(16).padStart(2, '0').repeat(20)
  }
}
// Four runs on main, the newest first; run 205 is a fork's, run 204 a feature branch's.
const FORK = ref(205, 'main', FORK_ID)
const FEATURE = ref(204, 'feature/x')
const NEWEST = ref(203, 'main')
const MIDDLE = ref(202, 'main')
const OLDEST = ref(201, 'main')

let nextId = 9000
const seeds: SeedArtifact[] = []
async function add(name: string, run: WorkflowRunRef, hoursAgo: number): Promise<SeedArtifact> {
  const created = Date.now() - hoursAgo * HOUR
  const seed: SeedArtifact = {
    id: nextId++,
    name,
    created_at: new Date(created).toISOString(),
    expires_at: new Date(created + 90 * 24 * HOUR).toISOString(),
    expired: false,
    workflow_run: run,
    content: await uploadArtifactZip({ 'made-by.txt': `${name} of run ${run.id}\n` })
  }
  seeds.push(seed)
  return seed
}

/** The artifacts of a run, by name. */
const of = (run: WorkflowRunRef): Map<string, SeedArtifact> =>
  new Map(seeds.filter((s) => s.workflow_run.id === run.id).map((s) => [s.name, s]))

beforeAll(async () => {
  emulator = await startEmulator()
  // 250 older artifacts first (three pages of the repository's list in all)
  for (let i = 0; i < 250; i++) await add(`log-${i}`, OLDEST, 100 + i / 10)
  for (const name of ['dist', 'coverage', 'build-linux', 'build-windows'])
    await add(name, OLDEST, 40)
  for (const name of ['build-macos', 'test-results']) await add(name, MIDDLE, 30)
  // The newest run on main made dist and coverage only; its build-linux came an hour later.
  await add('dist', NEWEST, 20)
  await add('coverage', NEWEST, 20.5)
  await add('build-linux', NEWEST, 19)
  await add('dist', FEATURE, 10)
  await add('dist', FORK, 1)
  emulator.addRepository(REPO, seeds, { id: REPO_ID })
})
afterAll(async () => emulator.close())

function download(inputs: Record<string, string>): Promise<ActionRun> {
  emulator.resetRequests()
  return runAction({
    apiUrl: emulator.url,
    token: TOKEN,
    repository: REPO,
    inputs: { [Inputs.Mode]: 'download', [Inputs.Path]: 'out', ...inputs }
  })
}

interface Entry {
  id: number
  name: string
  outcome: string
  path: string | null
  run_id: number
}
const entries = (run: ActionRun): Entry[] => JSON.parse(run.outputs[Outputs.Artifacts]) as Entry[]
const out = (run: ActionRun, ...parts: string[]): string => join(run.workspace, 'out', ...parts)
const madeBy = (run: ActionRun, ...parts: string[]): string =>
  readFileSync(out(run, ...parts, 'made-by.txt'), 'utf8').trim()
const artifactLists = (): { path: string; query: Record<string, string> }[] =>
  emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/artifacts'))

describe('latest: run (the default)', () => {
  it('takes every matching artifact of the newest run that has one: one consistent set', async () => {
    const run = await download({ [Inputs.Branch]: 'main' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const newest = of(NEWEST)
    expect(entries(run).map((e) => [e.name, e.id, e.run_id, e.outcome])).toEqual([
      ['build-linux', newest.get('build-linux')?.id, NEWEST.id, 'downloaded'],
      ['dist', newest.get('dist')?.id, NEWEST.id, 'downloaded'],
      ['coverage', newest.get('coverage')?.id, NEWEST.id, 'downloaded']
    ])
    // path/<name>/ per artifact, all from run 203; nothing of the older runs
    expect(readdirSync(out(run)).sort()).toEqual(['build-linux', 'coverage', 'dist'])
    expect(madeBy(run, 'dist')).toBe('dist of run 203')
    expect(madeBy(run, 'coverage')).toBe('coverage of run 203')
    // the log says which run and why, with its link
    expect(run.stdout).toMatch(
      /latest: run: taking the 3 matching artifact\(s\) of run 203 \(branch main, commit cbcbcbcbcbcb\), the newest run with a match: it made build-linux/
    )
    expect(run.stdout).toContain(`https://github.com/${REPO}/actions/runs/203`)
    // Early exit: page 1 of the repository's list (256 artifacts: 3 pages), then the run's own list
    const lists = artifactLists()
    expect(lists.map((r) => [r.path, r.query.page ?? '1'])).toEqual([
      [`/repos/${REPO}/actions/artifacts`, '1'],
      [`/repos/${REPO}/actions/runs/203/artifacts`, '1']
    ])
  })

  it('the newest run is the newest with a match: the fork and the other branch are passed over, names narrow it', async () => {
    const run = await download({ [Inputs.Name]: 'build-*', [Inputs.Branch]: 'main' })
    expect(run.code).toBe(0)
    expect(entries(run).map((e) => [e.name, e.run_id])).toEqual([['build-linux', NEWEST.id]])
    const mac = await download({ [Inputs.Name]: 'build-macos' })
    expect(mac.code).toBe(0)
    // one exact name and one artifact: straight into path
    expect(readFileSync(out(mac, 'made-by.txt'), 'utf8')).toBe('build-macos of run 202\n')
    expect(entries(mac).map((e) => e.run_id)).toEqual([MIDDLE.id])
    // the name filter goes to the server for the repository's list and for the run's
    expect(artifactLists().every((r) => r.query.name === 'build-macos')).toBe(true)
  })

  it('without a branch, the feature branch run is newest', async () => {
    const run = await download({})
    expect(run.code).toBe(0)
    expect(entries(run).map((e) => [e.name, e.run_id])).toEqual([['dist', FEATURE.id]])
    expect(madeBy(run, 'dist')).toBe('dist of run 204')
  })
})

describe('latest: name and all', () => {
  it("name (and 'true'): the newest of each name, from whichever run (the old behaviour)", async () => {
    for (const value of ['name', 'true']) {
      const run = await download({
        [Inputs.Name]: 'dist,build-*,test-results',
        [Inputs.Latest]: value
      })
      expect(run.code).toBe(0)
      const byName = Object.fromEntries(entries(run).map((e) => [e.name, e.run_id]))
      expect(byName).toEqual({
        dist: FEATURE.id,
        'build-linux': NEWEST.id,
        'build-macos': MIDDLE.id,
        'test-results': MIDDLE.id,
        'build-windows': OLDEST.id
      })
    }
  })

  it("all (and 'false'): every match, several of one name in <name>-<id>/", async () => {
    for (const value of ['all', 'false']) {
      const run = await download({ [Inputs.Name]: 'dist', [Inputs.Latest]: value })
      expect(run.code).toBe(0)
      const dists = seeds.filter((s) => s.name === 'dist' && s.workflow_run.id !== FORK.id)
      expect(
        entries(run)
          .map((e) => e.id)
          .sort()
      ).toEqual(dists.map((s) => s.id).sort())
      expect(readdirSync(out(run)).sort()).toEqual(dists.map((s) => `dist-${s.id}`).sort())
    }
  })

  it('anything else is an input error naming the input, the value and the allowed values, before any request', async () => {
    const run = await download({ [Inputs.Latest]: 'newest' })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain(
      "Input 'latest' has an invalid value 'newest': expected one of 'run', 'name', 'all'"
    )
    expect(emulator.requests).toEqual([])
  })
})

describe('dry-run in download mode', () => {
  it('resolves and reports what would be downloaded and where; no archive request, no blob, nothing written', async () => {
    const run = await download({ [Inputs.Branch]: 'main', [Inputs.DryRun]: 'true' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const newest = [...of(NEWEST).values()]
    expect(entries(run).map((e) => [e.name, e.outcome, e.path])).toEqual([
      ['build-linux', 'would-download', out(run, 'build-linux')],
      ['dist', 'would-download', out(run, 'dist')],
      ['coverage', 'would-download', out(run, 'coverage')]
    ])
    const bytes = emulator
      .listArtifacts(REPO)
      .filter((a) => newest.some((s) => s.id === a.id))
      .reduce((sum, a) => sum + a.size_in_bytes, 0)
    expect(run.outputs[Outputs.Count]).toBe('3')
    expect(run.outputs[Outputs.Bytes]).toBe(String(bytes))
    expect(run.outputs[Outputs.Complete]).toBe('true')
    expect(run.stdout).toMatch(/Dry run: would download 3 artifact\(s\)/)
    expect(run.summary).toContain(`https://github.com/${REPO}/actions/runs/203`)
    expect(emulator.requests.filter((r) => r.path.endsWith('/zip'))).toEqual([])
    expect(emulator.requests.filter((r) => r.kind === 'blob')).toEqual([])
    expect(existsSync(out(run))).toBe(false)
  })

  it('plans kept zips too, and leaves an existing destination exactly as it was', async () => {
    const run = await download({
      [Inputs.Name]: 'dist',
      [Inputs.Latest]: 'all',
      [Inputs.Path]: 'planned',
      [Inputs.Extract]: 'false',
      [Inputs.DryRun]: 'true'
    })
    expect(run.code).toBe(0)
    const dists = seeds.filter((s) => s.name === 'dist' && s.workflow_run.id !== FORK.id)
    expect(
      entries(run)
        .map((e) => e.path)
        .sort()
    ).toEqual(dists.map((s) => join(run.workspace, 'planned', `dist-${s.id}.zip`)).sort())
    expect(existsSync(join(run.workspace, 'planned'))).toBe(false)

    const there = join(run.workspace, 'existing')
    mkdirSync(there, { recursive: true })
    writeFileSync(join(there, 'keep.txt'), 'mine')
    const again = await download({
      [Inputs.Path]: there,
      [Inputs.Name]: 'dist',
      [Inputs.DryRun]: 'true'
    })
    expect(again.code).toBe(0)
    expect(entries(again).map((e) => [e.outcome, e.path])).toEqual([['would-download', there]])
    expect(readdirSync(there)).toEqual(['keep.txt'])
    expect(readFileSync(join(there, 'keep.txt'), 'utf8')).toBe('mine')
    expect(emulator.requests.filter((r) => r.path.endsWith('/zip') || r.kind === 'blob')).toEqual(
      []
    )
  })
})
