import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  type Emulator,
  type SeedArtifact,
  type SeedRun,
  type WorkflowRunRef,
  startEmulator
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

// Issue 13, items 3 and 4: delete never touches the artifacts of a tagged commit (keep-tagged), nor
// those of a run that has not completed (the current run included). Through dist/index.js.

const REPO_ID = 700
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const LAG = 5 * MINUTE
const CI = { id: 161335, name: 'CI', path: '.github/workflows/ci.yml' }
const ACTIVE_STATUSES = ['in_progress', 'pending', 'queued', 'requested', 'waiting']

let emulator: Emulator
/** Added to the emulator's clock: moving it lets the lagging run index catch up. */
let offset = 0

beforeAll(async () => {
  emulator = await startEmulator({
    now: () => Date.now() + offset,
    runIndexLagMs: LAG,
    tokens: {
      ghs_write_token: 'write',
      // actions: write but no contents permission (a workflow that did not ask for contents: read)
      ghs_no_contents: { permission: 'write', permissions: { actions: 'write' } }
    }
  })
})
afterAll(async () => emulator.close())

const sha = (n: number): string => n.toString(16).padStart(2, '0').repeat(20)
function ref(id: number, commit = sha(id % 256)): WorkflowRunRef {
  return {
    id,
    repository_id: REPO_ID,
    head_repository_id: REPO_ID,
    head_branch: 'main',
    head_sha: commit
  }
}

let nextId = 5000
function artifacts(run: WorkflowRunRef, names: string[], agoMs: number): SeedArtifact[] {
  const created = Date.now() - agoMs
  return names.map((name) => ({
    id: nextId++,
    name,
    created_at: new Date(created).toISOString(),
    expires_at: new Date(created + 90 * 24 * HOUR).toISOString(),
    expired: false,
    workflow_run: run,
    content: Buffer.from(`${name} of run ${run.id}`)
  }))
}

function runOf(id: number, status: SeedRun['status'], agoMs: number): SeedRun {
  return {
    id,
    workflow_id: CI.id,
    event: 'push',
    status,
    conclusion: status === 'completed' ? 'success' : null,
    head_branch: 'main',
    head_sha: sha(id % 256),
    head_repository_id: REPO_ID,
    run_number: id,
    created_at: new Date(Date.now() - agoMs).toISOString()
  }
}

function clean(
  repository: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  token = 'ghs_write_token'
): Promise<ActionRun> {
  emulator.resetRequests()
  return runAction({
    apiUrl: emulator.url,
    token,
    repository,
    inputs: { [Inputs.Mode]: 'delete', [Inputs.DeletesPerMinute]: '0', ...inputs },
    env
  })
}

const ids = (list: SeedArtifact[]): number[] => list.map((a) => a.id).sort()
const left = (repository: string): number[] =>
  emulator
    .listArtifacts(repository)
    .map((a) => a.id)
    .sort()
const gets = (pathEnd: string): { path: string; query: Record<string, string> }[] =>
  emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith(pathEnd))

describe('delete spares what a running workflow still needs', () => {
  const REPO = 'octo-org/busy'
  const done: SeedArtifact[] = []
  let running: SeedArtifact[] = [] // in progress for two hours: the index knows it
  let young: SeedArtifact[] = [] // queued a minute ago: too young for the lagging index
  let current: SeedArtifact[] = [] // GITHUB_RUN_ID (shown completed, to prove the id alone spares it)

  beforeAll(() => {
    // 40 completed runs, 3 artifacts each
    for (let r = 0; r < 40; r++) done.push(...artifacts(ref(100 + r), ['a', 'b', 'c'], 3 * HOUR))
    emulator.addRepository(REPO, done, { id: REPO_ID, workflows: [CI] })
    running = artifacts(ref(300), ['build', 'test-results'], HOUR)
    emulator.addRun(REPO, runOf(300, 'in_progress', 2 * HOUR), running)
    young = artifacts(ref(301), ['build'], 30_000)
    emulator.addRun(REPO, runOf(301, 'queued', MINUTE), young)
    current = artifacts(ref(302), ['handoff'], 2 * HOUR)
    emulator.addRun(REPO, runOf(302, 'completed', 3 * HOUR), current)
  })

  it('spares every artifact of a run not completed and of the current run, with a few requests, and says which runs', async () => {
    const run = await clean(REPO, { [Inputs.Name]: '*' }, { GITHUB_RUN_ID: '302' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(left(REPO)).toEqual(ids([...running, ...young, ...current]))
    expect(emulator.deletedIds(REPO).sort()).toEqual(ids(done))
    expect(run.outputs[Outputs.DeletedCount]).toBe(String(done.length))
    expect(run.outputs[Outputs.Complete]).toBe('true')
    // The runs listing once per active status, one lookup for the run too young for it: never
    // one request per artifact (123 candidates, 43 runs).
    const listings = gets('/actions/runs')
    expect(listings.map((r) => r.query.status).sort()).toEqual(ACTIVE_STATUSES)
    expect(gets('/actions/runs/301').length).toBe(1)
    const runGets = emulator.requests.filter(
      (r) => r.method === 'GET' && r.path.includes('/actions/runs')
    )
    expect(runGets.length).toBe(ACTIVE_STATUSES.length + 1)
    expect(emulator.requests.filter((r) => r.method === 'GET').length).toBe(
      1 + 1 + ACTIVE_STATUSES.length + 1 // artifact pages (123 → 2), status listings, one lookup
    )
    const log = run.stdout
    expect(log).toMatch(/Spared 4 artifact\(s\) of 3 run\(s\) that have not completed/)
    expect(log).toContain('302 (this run) https://github.com/octo-org/busy/actions/runs/302')
    expect(log).toContain('301 (queued) https://github.com/octo-org/busy/actions/runs/301')
    expect(log).toContain('300 (in_progress) https://github.com/octo-org/busy/actions/runs/300')
  })

  it('a dry run reports the same spares and deletes nothing', async () => {
    const before = left(REPO)
    const run = await clean(
      REPO,
      { [Inputs.Name]: '*', [Inputs.DryRun]: 'true' },
      { GITHUB_RUN_ID: '302' }
    )
    expect(run.code).toBe(0)
    expect(left(REPO)).toEqual(before)
    expect(emulator.requests.filter((r) => r.method === 'DELETE')).toEqual([])
    expect(run.stdout).toMatch(/Spared 4 artifact\(s\) of 3 run\(s\)/)
    expect(run.outputs[Outputs.Count]).toBe('0')
  })

  it('a later run takes them once their runs are done (the lagging index counts a run completed seconds ago as running)', async () => {
    emulator.completeRun(REPO, 300)
    emulator.completeRun(REPO, 301)
    // Seconds later, from another run: run 301 is young, looked up by id (current): it is done,
    // its artifact goes; so does run 302's, now that it is not the current run. Run 300 is old
    // enough for the index, which still sees it in progress: spared once more.
    const soon = await clean(REPO, { [Inputs.Name]: '*' })
    expect(soon.code).toBe(0)
    expect(left(REPO)).toEqual(ids(running))
    expect(soon.stdout).toMatch(/Spared 2 artifact\(s\) of 1 run\(s\).*300 \(in_progress\)/)
    // Once the index has caught up, the next scheduled run deletes the rest.
    offset += 2 * LAG
    const later = await clean(REPO, { [Inputs.Name]: '*' })
    expect(later.code).toBe(0)
    expect(left(REPO)).toEqual([])
    expect(later.stdout).not.toMatch(/Spared/)
  })
})

describe('keep-tagged', () => {
  const REPO = 'octo-org/releases'
  const PRIVATE = 'octo-org/releases-private'
  const release = ref(400, 'a'.repeat(40))
  const rc = ref(401, 'b'.repeat(40))
  const nightly = ref(402, 'c'.repeat(40))
  const plain = ref(403, 'd'.repeat(40))
  const seeds = [
    ...artifacts(release, ['dist', 'docs'], 5 * HOUR),
    ...artifacts(rc, ['dist'], 4 * HOUR),
    ...artifacts(nightly, ['dist'], 3 * HOUR),
    ...artifacts(plain, ['dist', 'docs'], 2 * HOUR)
  ]
  // 151 tags: two pages of 100; three name commits that have artifacts.
  const tags = [
    ...Array.from({ length: 148 }, (_, i) => ({ name: `old-${i}`, sha: 'e'.repeat(40) })),
    { name: 'v1.2.0', sha: release.head_sha },
    { name: 'v1.3.0-rc.1', sha: rc.head_sha },
    { name: 'nightly-2026-11-30', sha: nightly.head_sha }
  ]

  beforeAll(() => {
    emulator.addRepository(REPO, seeds, { id: 800, tags })
    emulator.addRepository(PRIVATE, seeds, { id: 801, tags, private: true })
  })

  it('list previews it: what keep-tagged would spare is not listed', async () => {
    const run = await clean(REPO, { [Inputs.Mode]: 'list', [Inputs.KeepTagged]: 'nightly-*' })
    expect(run.code).toBe(0)
    expect(gets('/tags').length).toBe(2)
    expect(run.outputs[Outputs.Count]).toBe(String(seeds.length - 1))
    expect(left(REPO)).toEqual(ids(seeds))
    expect(emulator.requests.some((r) => r.path.includes('/actions/runs'))).toBe(false)
  })

  it('never deletes an artifact whose commit carries a matching tag; lists the tags once, 100 a page', async () => {
    const run = await clean(REPO, { [Inputs.Name]: '*', [Inputs.KeepTagged]: 'v*\n!v*-rc*' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const spared = seeds.filter((a) => a.workflow_run.id === release.id)
    expect(left(REPO)).toEqual(ids(spared))
    expect(emulator.deletedIds(REPO).sort()).toEqual(ids(seeds.filter((a) => !spared.includes(a))))
    const tagPages = gets('/tags')
    expect(tagPages.map((r) => [r.query.per_page, r.query.page ?? '1'])).toEqual([
      ['100', '1'],
      ['100', '2']
    ])
    expect(run.stdout).toContain('keep-tagged: 1 of 151 tag(s) match, on 1 commit(s).')
    expect(run.stdout).toMatch(/Spared 2 artifact\(s\) of 1 tagged commit\(s\) \(keep-tagged\)/)
  })

  it('a private repository without contents: read fails naming the permission, before deleting anything', async () => {
    const run = await clean(
      PRIVATE,
      { [Inputs.Name]: '*', [Inputs.KeepTagged]: 'v*' },
      {},
      'ghs_no_contents'
    )
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain('contents: read')
    expect(run.errors.join('\n')).toContain('keep-tagged')
    expect(emulator.requests.filter((r) => r.method === 'DELETE')).toEqual([])
    expect(left(PRIVATE)).toEqual(ids(seeds))
  })
})
