import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  type Emulator,
  type GeneratedRepository,
  type SeedRun,
  generateRepository,
  startEmulator
} from '../../emulator/index.js'
import { ACTIVE_STATUSES } from '../../src/listing/protected.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'

// Selection by workflow run through dist/index.js, against a generated repository of 2,500
// artifacts in 1,200 runs (some without artifacts), with exact request counts.

const REPO_ID = 4321
const DAY = 86_400_000
const BUILD = 161336 // build.yml in the generator
const RUN_PAGE = 100
let emulator: Emulator
let generated: GeneratedRepository
let repoCounter = 0

beforeAll(async () => {
  emulator = await startEmulator()
  generated = generateRepository({ seed: 99, count: 2500, repositoryId: REPO_ID, totalRuns: 1200 })
  // The newest build.yml runs on main failed: "the latest successful" is not simply the newest.
  const mainBuilds = generated.runs.filter(
    (r) => r.workflow_id === BUILD && r.head_branch === 'main' && r.status === 'completed'
  )
  for (const r of mainBuilds.slice(0, 3)) r.conclusion = 'failure'
  // And one run that uploaded artifacts is still in progress.
  const withArtifacts = new Set(generated.artifacts.map((a) => a.workflow_run.id))
  const running = generated.runs.find(
    (r) => withArtifacts.has(r.id) && !mainBuilds.slice(0, 3).includes(r)
  ) as SeedRun
  Object.assign(running, { status: 'in_progress', conclusion: null })
})
afterAll(async () => emulator.close())

/** A fresh copy of the repository (tests that delete must not affect the others). */
function freshRepo(): string {
  repoCounter += 1
  const name = `octo-org/runs-${repoCounter}`
  emulator.addRepository(name, generated.artifacts, {
    id: REPO_ID,
    runs: generated.runs,
    pulls: generated.pulls,
    workflows: generated.workflows
  })
  emulator.resetRequests()
  return name
}

function act(
  repo: string,
  inputs: Record<string, string>,
  token = 'ghs_read_token'
): Promise<ActionRun> {
  return runAction({
    apiUrl: emulator.url,
    token,
    repository: repo,
    inputs: { [Inputs.DeletesPerMinute]: '0', ...inputs }
  })
}

const runById = (): Map<number, SeedRun> => new Map(generated.runs.map((r) => [r.id, r]))
/**
 * Requests for an artifact listing of n: one per page of 100, up to the first short page (an empty
 * listing is one page; a full last page is followed by one more: uploads may land meanwhile).
 */
const pages = (n: number): number => Math.floor(n / RUN_PAGE) + 1
const listed = (run: ActionRun): { id: number; run_id: number; outcome: string }[] =>
  JSON.parse(run.outputs[Outputs.Artifacts]) as { id: number; run_id: number; outcome: string }[]

/**
 * The request cost the resolution is held to when it joins the artifact list with the filtered run
 * listing: the artifact pages, then run pages while more runs are undecided than pages are left,
 * then one lookup per run still undecided.
 */
function joinCost(
  artifactCount: number,
  matchingRunIds: number[],
  candidateRunIds: number[]
): number {
  const sorted = [...matchingRunIds].sort((a, b) => b - a)
  const totalPages = Math.ceil(sorted.length / RUN_PAGE)
  let fetched = 1
  let requests = pages(artifactCount) + 1
  for (;;) {
    const seen = sorted.slice(0, fetched * RUN_PAGE)
    const oldest = seen.length ? seen[seen.length - 1] : Infinity
    const undecided = candidateRunIds.filter(
      (id) => !seen.includes(id) && id < oldest && fetched < totalPages
    )
    if (undecided.length === 0) return requests
    if (undecided.length > totalPages - fetched) {
      fetched += 1
      requests += 1
    } else {
      return requests + undecided.length
    }
  }
}

describe('selection by workflow run through dist/index.js', () => {
  it('the latest successful build.yml artifact on main, while newer failed runs exist', async () => {
    const repo = freshRepo()
    const run = await act(repo, {
      [Inputs.Name]: 'build-linux',
      [Inputs.Workflow]: 'build.yml',
      [Inputs.Branch]: 'main',
      [Inputs.RunConclusion]: 'success',
      [Inputs.Limit]: '1'
    })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)

    const runs = runById()
    const all = emulator.listArtifacts(repo)
    const onMain = all.filter(
      (a) =>
        a.name === 'build-linux' &&
        !a.expired &&
        runs.get(a.workflow_run.id)?.workflow_id === BUILD &&
        a.workflow_run.head_branch === 'main'
    )
    const good = onMain.filter((a) => runs.get(a.workflow_run.id)?.conclusion === 'success')
    // newer artifacts of failed build.yml runs on main exist, and are passed over
    expect(runs.get(onMain[0].workflow_run.id)?.conclusion).toBe('failure')
    expect(listed(run)[0]).toMatchObject({ id: good[0].id, outcome: 'listed' })
    expect(Number(run.outputs[Outputs.Count])).toBe(good.length)

    const matching = generated.runs.filter(
      (r) => r.workflow_id === BUILD && r.head_branch === 'main' && r.conclusion === 'success'
    )
    const named = all.filter((a) => a.name === 'build-linux').length
    const candidates = [...new Set(onMain.map((a) => a.workflow_run.id))]
    const ideal = joinCost(
      named,
      matching.map((r) => r.id),
      candidates
    )
    expect(emulator.requests.length).toBe(ideal)
    // one request per candidate run would have cost this many more
    expect(ideal).toBeLessThan(pages(named) + candidates.length)
    expect(emulator.requests.every((r) => r.status === 200)).toBe(true)
  })

  it("a pull request's artifacts: those of the runs for its head commit", async () => {
    const repo = freshRepo()
    const pull = generated.pulls.find(
      (p) => p.head_repository_id === REPO_ID
    ) as GeneratedRepository['pulls'][0]
    const run = await act(repo, { [Inputs.PullRequest]: String(pull.number) })
    expect(run.errors).toEqual([])
    const expected = emulator
      .listArtifacts(repo)
      .filter(
        (a) =>
          !a.expired &&
          a.workflow_run.head_sha === pull.head_sha &&
          a.workflow_run.head_repository_id === pull.head_repository_id
      )
    expect(expected.length).toBeGreaterThan(0)
    expect(
      listed(run)
        .map((a) => a.id)
        .sort()
    ).toEqual(expected.map((a) => a.id).sort())
    // GET the pull request, one page of its head's runs, (page 1 of the artifact list when more
    // than one run), then each run's own artifact list: not the repository's 25 pages
    const headRuns = generated.runs.filter((r) => r.head_sha === pull.head_sha)
    const ideal = 2 + (headRuns.length > 1 ? 1 : 0) + headRuns.length
    expect(emulator.requests.length).toBe(ideal)
    expect(emulator.requests.map((r) => r.path)).toContain(`/repos/${repo}/pulls/${pull.number}`)
  })

  it('deletes the artifacts of failed runs after three days, and nothing else', async () => {
    const repo = freshRepo()
    const before = emulator.listArtifacts(repo)
    const run = await act(
      repo,
      { [Inputs.Mode]: 'delete', [Inputs.RunConclusion]: 'failure', [Inputs.OlderThan]: '3 days' },
      'ghs_write_token'
    )
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const runs = runById()
    const shouldGo = before.filter(
      (a) =>
        !a.expired &&
        runs.get(a.workflow_run.id)?.conclusion === 'failure' &&
        Date.now() - Date.parse(a.created_at) > 3 * DAY
    )
    expect(shouldGo.length).toBeGreaterThan(10)
    expect(emulator.deletedIds(repo).sort()).toEqual(shouldGo.map((a) => a.id).sort())
    expect(Number(run.outputs[Outputs.DeletedCount])).toBe(shouldGo.length)
    const failed = generated.runs.filter((r) => r.conclusion === 'failure').map((r) => r.id)
    const candidates = [...new Set(before.filter((a) => !a.expired).map((a) => a.workflow_run.id))]
    const gets = emulator.requests.filter((r) => r.method === 'GET').length
    // plus one listing per active status: delete spares the artifacts of runs not completed
    expect(gets).toBe(joinCost(before.length, failed, candidates) + ACTIVE_STATUSES.length)
    expect(gets).toBeLessThan(pages(before.length) + candidates.length)
  })

  it('looks each run up at most once, and only when that is cheaper than a page', async () => {
    const repo = freshRepo()
    const ids = emulator
      .listArtifacts(repo)
      .filter((a) => !a.expired)
      .slice(0, 12)
      .map((a) => a.id)
    const run = await act(repo, {
      [Inputs.ArtifactIds]: ids.join(','),
      [Inputs.Workflow]: 'build.yml'
    })
    expect(run.errors).toEqual([])
    const runs = runById()
    const items = emulator.listArtifacts(repo).filter((a) => ids.includes(a.id))
    const distinct = new Set(items.map((a) => a.workflow_run.id))
    const lookups = emulator.requests.filter((r) => /\/actions\/runs\/\d+$/.test(r.path))
    expect(lookups.length).toBe(distinct.size)
    expect(new Set(lookups.map((r) => r.path)).size).toBe(distinct.size)
    expect(emulator.requests.length).toBe(ids.length + distinct.size)
    const expected = items.filter((a) => runs.get(a.workflow_run.id)?.workflow_id === BUILD)
    expect(
      listed(run)
        .map((a) => a.id)
        .sort()
    ).toEqual(expected.map((a) => a.id).sort())
  })

  it('says so when runs still in progress are why nothing was found', async () => {
    const repo = freshRepo()
    const running = generated.runs.find(
      (r) =>
        r.status === 'in_progress' && generated.artifacts.some((a) => a.workflow_run.id === r.id)
    ) as SeedRun
    expect(running).toBeDefined()
    const run = await act(repo, {
      [Inputs.Commit]: running.head_sha,
      [Inputs.Event]: running.event,
      [Inputs.RunConclusion]: 'success',
      [Inputs.IfNoneFound]: 'warn'
    })
    expect(run.code).toBe(0)
    expect(run.warnings.join('\n')).toMatch(/still in progress/)
  })

  it('a run-id whose run does not match costs one request and lists nothing', async () => {
    const repo = freshRepo()
    const failedRun = generated.runs.find(
      (r) =>
        r.conclusion === 'failure' && generated.artifacts.some((a) => a.workflow_run.id === r.id)
    ) as SeedRun
    const run = await act(repo, {
      [Inputs.RunId]: String(failedRun.id),
      [Inputs.RunConclusion]: 'success'
    })
    expect(run.code).toBe(0)
    expect(run.outputs[Outputs.Count]).toBe('0')
    // the lookup, and the one in-progress check that explains an empty result
    expect(emulator.requests.map((r) => r.path.replace(/\d{6,}/, 'N'))).toEqual([
      `/repos/${repo}/actions/runs/N`,
      `/repos/${repo}/actions/runs`
    ])
  })

  it.each<[string, string, RegExp]>([
    [Inputs.Workflow, 'build', /'workflow'.*'build'/],
    [Inputs.Workflow, '../x.yml', /'workflow'/],
    [Inputs.RunConclusion, 'green', /'run-conclusion'.*'green'/],
    [Inputs.Event, 'Push!', /'event'/],
    [Inputs.PullRequest, '0', /'pull-request'/],
    [Inputs.PullRequest, '#12', /'pull-request'/]
  ])('refuses %s: %p before any request', async (input, value, message) => {
    emulator.resetRequests()
    const run = await act(freshRepo(), { [input]: value })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toMatch(message)
    expect(emulator.requests).toEqual([])
  })

  it('a workflow or pull request that does not exist says which input to fix', async () => {
    const repo = freshRepo()
    const noWorkflow = await act(repo, { [Inputs.Workflow]: 'nope.yml' })
    expect(noWorkflow.errors.join('\n')).toMatch(/Workflow 'nope.yml' was not found.*'workflow'/)
    const noPull = await act(repo, { [Inputs.PullRequest]: '999999' })
    expect(noPull.errors.join('\n')).toMatch(/Pull request #999999 was not found.*'pull-request'/)
  })
})
