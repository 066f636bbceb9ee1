import {
  generateArtifacts,
  generateRepository,
  startEmulator,
  type Emulator,
  type GeneratedRepository
} from '../../emulator/index.js'
import { call, NOW, parseLink, REPO } from './helpers.js'
import { errorsOf, operation, responseSchema, validator } from './openapi.js'

const LIST_REPO = 'actions/list-workflow-runs-for-repo'
const LIST_WORKFLOW = 'actions/list-workflow-runs'
const GET_RUN = 'actions/get-workflow-run'
const LIST_WORKFLOWS = 'actions/list-repo-workflows'
const GET_WORKFLOW = 'actions/get-workflow'
const GET_PULL = 'pulls/get'

const validateListRepo = validator(responseSchema(LIST_REPO, 200))
const validateListWorkflow = validator(responseSchema(LIST_WORKFLOW, 200))
const validateRun = validator(responseSchema(GET_RUN, 200))
const validateWorkflows = validator(responseSchema(LIST_WORKFLOWS, 200))
const validateWorkflow = validator(responseSchema(GET_WORKFLOW, 200))
const validatePull = validator(responseSchema(GET_PULL, 200))

function expectValid(validate: ReturnType<typeof validator>, body: unknown): void {
  if (!validate(body)) throw new Error(`schema violation: ${errorsOf(validate)}`)
}

interface RunsBody {
  total_count: number
  workflow_runs: {
    id: number
    event: string
    status: string
    conclusion: string | null
    head_branch: string
    head_sha: string
    path: string
  }[]
}

let emu: Emulator
let repo: GeneratedRepository

beforeAll(async () => {
  emu = await startEmulator({ now: () => NOW })
  repo = generateRepository({ seed: 3, count: 4000, now: NOW, repositoryId: 4242, totalRuns: 1500 })
  emu.addRepository(REPO, repo.artifacts, {
    runs: repo.runs,
    pulls: repo.pulls,
    workflows: repo.workflows
  })
})
afterAll(async () => emu.close())

async function allPages(
  path: string,
  validate: ReturnType<typeof validator>
): Promise<RunsBody['workflow_runs']> {
  const out: RunsBody['workflow_runs'] = []
  let url: string | undefined = path
  while (url) {
    const r = await call(emu.url, url)
    expect(r.status).toBe(200)
    expectValid(validate, r.json())
    out.push(...r.json<RunsBody>().workflow_runs)
    url = parseLink(r.headers.get('link')).next
  }
  return out
}

describe('generateRepository', () => {
  it('keeps generateArtifacts’ artifacts, and every artifact’s run exists with its branch and commit', () => {
    const plain = generateArtifacts({ seed: 3, count: 4000, now: NOW, repositoryId: 4242 })
    expect(repo.artifacts.map((a) => a.id)).toEqual(plain.map((a) => a.id))
    expect(repo.artifacts.map((a) => a.digest)).toEqual(plain.map((a) => a.digest))
    const runs = new Map(repo.runs.map((r) => [r.id, r]))
    expect(repo.runs.length).toBe(1500)
    for (const a of repo.artifacts) {
      const run = runs.get(a.workflow_run.id)
      expect(run).toMatchObject({
        head_branch: a.workflow_run.head_branch,
        head_sha: a.workflow_run.head_sha,
        head_repository_id: a.workflow_run.head_repository_id
      })
    }
    const conclusions = new Set(repo.runs.map((r) => r.conclusion))
    expect(conclusions).toEqual(
      new Set(['success', 'failure', 'cancelled', 'skipped', 'timed_out', null])
    )
    expect(repo.runs.some((r) => r.status === 'in_progress')).toBe(true)
    expect(new Set(repo.runs.map((r) => r.event))).toEqual(
      new Set(['push', 'pull_request', 'schedule', 'workflow_dispatch'])
    )
    expect(repo.pulls.length).toBeGreaterThan(5)
    const again = generateRepository({
      seed: 3,
      count: 4000,
      now: NOW,
      repositoryId: 4242,
      totalRuns: 1500
    })
    expect(again.runs).toEqual(repo.runs)
    expect(again.pulls).toEqual(repo.pulls)
  })
})

describe('workflow run endpoints conform to GitHub’s OpenAPI description', () => {
  it('serves the operations at the paths the description gives', () => {
    expect([LIST_REPO, LIST_WORKFLOW, GET_RUN, GET_PULL].map((id) => operation(id).path)).toEqual([
      '/repos/{owner}/{repo}/actions/runs',
      '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      '/repos/{owner}/{repo}/actions/runs/{run_id}',
      '/repos/{owner}/{repo}/pulls/{pull_number}'
    ])
  })

  it('list-workflow-runs-for-repo: every page, newest first', async () => {
    const runs = await allPages(`/repos/${REPO}/actions/runs?per_page=100`, validateListRepo)
    expect(runs.map((r) => r.id)).toEqual(repo.runs.map((r) => r.id))
  })

  it('list-workflow-runs: by file name and by id, the same runs', async () => {
    const byFile = await allPages(
      `/repos/${REPO}/actions/workflows/build.yml/runs?per_page=100`,
      validateListWorkflow
    )
    const byId = await allPages(
      `/repos/${REPO}/actions/workflows/161336/runs?per_page=100`,
      validateListWorkflow
    )
    expect(byFile.length).toBeGreaterThan(100)
    expect(byId).toEqual(byFile)
    expect(byFile.every((r) => r.path === '.github/workflows/build.yml')).toBe(true)
    expect((await call(emu.url, `/repos/${REPO}/actions/workflows/nope.yml/runs`)).status).toBe(404)
  })

  it('get-workflow-run: runs of every kind (fork, pull request, in progress, no artifacts)', async () => {
    const sample = [
      repo.runs.find((r) => r.head_repository_id !== 4242),
      repo.runs.find((r) => (r.pull_requests ?? []).length > 0),
      repo.runs.find((r) => r.status === 'in_progress'),
      repo.runs.find((r) => !repo.artifacts.some((a) => a.workflow_run.id === r.id)),
      repo.runs[0],
      repo.runs[repo.runs.length - 1]
    ]
    for (const run of sample) {
      expect(run).toBeDefined()
      const r = await call(emu.url, `/repos/${REPO}/actions/runs/${run?.id}`)
      expect(r.status).toBe(200)
      expectValid(validateRun, r.json())
    }
    expect((await call(emu.url, `/repos/${REPO}/actions/runs/1`)).status).toBe(404)
  })

  it('pulls/get, list-repo-workflows and get-workflow', async () => {
    for (const p of repo.pulls.slice(0, 5)) {
      const r = await call(emu.url, `/repos/${REPO}/pulls/${p.number}`)
      expectValid(validatePull, r.json())
      expect(r.json<{ head: { sha: string } }>().head.sha).toBe(p.head_sha)
    }
    expect((await call(emu.url, `/repos/${REPO}/pulls/1`)).status).toBe(404)
    expectValid(validateWorkflows, (await call(emu.url, `/repos/${REPO}/actions/workflows`)).json())
    expectValid(
      validateWorkflow,
      (await call(emu.url, `/repos/${REPO}/actions/workflows/build.yml`)).json()
    )
  })
})

describe('run filters and the 1,000-result cap', () => {
  it.each<[string, (r: GeneratedRepository['runs'][0]) => boolean]>([
    ['branch=main', (r) => r.head_branch === 'main'],
    ['event=pull_request', (r) => r.event === 'pull_request'],
    ['status=failure', (r) => r.conclusion === 'failure'],
    ['status=completed', (r) => r.status === 'completed'],
    ['status=in_progress', (r) => r.status === 'in_progress'],
    [
      'branch=main&event=push&status=success',
      (r) => r.head_branch === 'main' && r.event === 'push' && r.conclusion === 'success'
    ]
  ])('%s', async (query, keep) => {
    const expected = repo.runs.filter(keep)
    const first = await call(emu.url, `/repos/${REPO}/actions/runs?per_page=100&${query}`)
    expect(first.json<RunsBody>().total_count).toBe(expected.length)
    const served = await allPages(
      `/repos/${REPO}/actions/runs?per_page=100&${query}`,
      validateListRepo
    )
    // a filtered listing stops at 1,000 runs, newest first
    expect(served.map((r) => r.id)).toEqual(expected.slice(0, 1000).map((r) => r.id))
  })

  it('head_sha and created', async () => {
    const run = repo.runs[10]
    const bySha = await call(emu.url, `/repos/${REPO}/actions/runs?head_sha=${run.head_sha}`)
    expect(bySha.json<RunsBody>().workflow_runs.map((r) => r.id)).toContain(run.id)
    const day = run.created_at.slice(0, 10)
    const byDay = await call(emu.url, `/repos/${REPO}/actions/runs?per_page=100&created=${day}`)
    const ids = byDay.json<RunsBody>().workflow_runs.map((r) => r.id)
    expect(ids).toEqual(repo.runs.filter((r) => r.created_at.startsWith(day)).map((r) => r.id))
    const before = await call(
      emu.url,
      `/repos/${REPO}/actions/runs?created=<${repo.runs[repo.runs.length - 1].created_at}`
    )
    expect(before.json<RunsBody>().total_count).toBe(0)
  })
})
