/**
 * The real GitHub, not an ideal one (issue 12), each point through dist/index.js against the
 * emulator: proxies (API and blob, NO_PROXY, large bodies through a CONNECT tunnel), a lagging run
 * index, a shared hourly budget (rate-limit-reserve: auto, a budget drained by another workflow),
 * fork provenance in keep-latest groups, a permission per endpoint, inputs as workflows pass them,
 * @github/local-action's unevaluated defaults, artifacts without a digest, the API version header.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Emulator,
  type ForwardProxy,
  type SeedArtifact,
  type SeedRun,
  createZip,
  largeArtifact,
  startEmulator,
  startForwardProxy
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const MINUTE = 60_000
const DAY = 86_400_000
const REPO_ID = 5150
const FORK_A = 7001
const FORK_B = 7002
const WORKFLOW = { id: 77, name: 'Build', path: '.github/workflows/build.yml' }
/** Tests must not wait for real: retries and waits are short. */
const FAST = {
  ARTIFACT_KEEPER_RETRY_BASE_MS: '5',
  ARTIFACT_KEEPER_SECONDARY_WAIT_MS: '5',
  ARTIFACT_KEEPER_MAX_WAIT_MS: '2000'
}

let nextId = 1_000_000

function runOf(id: number, createdMs: number, o: Partial<SeedRun> = {}): SeedRun {
  return {
    id,
    workflow_id: WORKFLOW.id,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    head_branch: 'main',
    head_sha: id.toString(16).padStart(40, 'a'),
    head_repository_id: REPO_ID,
    run_number: id,
    created_at: new Date(createdMs).toISOString(),
    updated_at: new Date(createdMs + MINUTE).toISOString(),
    ...o
  }
}

function artifactOf(
  run: SeedRun,
  name: string,
  createdMs: number,
  content: Buffer = createZip([
    { name: `${name}.txt`, data: Buffer.from(`${name} of run ${run.id}`) }
  ])
): SeedArtifact {
  nextId += 1
  return {
    id: nextId,
    name,
    created_at: new Date(createdMs).toISOString(),
    expires_at: new Date(createdMs + 90 * DAY).toISOString(),
    expired: false,
    workflow_run: {
      id: run.id,
      repository_id: REPO_ID,
      head_repository_id: run.head_repository_id,
      head_branch: run.head_branch,
      head_sha: run.head_sha
    },
    content
  }
}

function apiRequests(emu: Emulator, pathPart: RegExp): number {
  return emu.requests.filter((r) => r.kind === 'api' && pathPart.test(r.path)).length
}

describe('proxies: every request, API and blob, goes through HTTP(S)_PROXY unless NO_PROXY says not', () => {
  let emu: Emulator
  let proxy: ForwardProxy
  const repo = 'octo-org/behind-proxy'
  const seeded: SeedArtifact[] = []
  // Large bodies and awkward sizes through a CONNECT tunnel (undici's ProxyAgent tunnels all).
  const SIZES = [0, 1, 65_535, 65_537, 1_048_577, 16 * 1_048_576 + 3, 64 * 1_048_576 + 1]

  beforeAll(async () => {
    emu = await startEmulator({
      blobHost: 'blobs.emulator.invalid',
      apiHost: 'api.emulator.invalid'
    })
    proxy = await startForwardProxy({ hosts: emu.hosts })
    const now = Date.now()
    const run = runOf(4001, now - DAY)
    SIZES.forEach((size, i) =>
      seeded.push(
        largeArtifact({
          id: 900 + i,
          name: `big-${i}`,
          size,
          created_at: new Date(now - DAY + i * 1000).toISOString(),
          workflow_run: {
            id: run.id,
            repository_id: REPO_ID,
            head_repository_id: REPO_ID,
            head_branch: 'main',
            head_sha: run.head_sha
          }
        })
      )
    )
    emu.addRepository(repo, seeded, { id: REPO_ID, runs: [run], workflows: [WORKFLOW] })
  })
  afterAll(async () => {
    await proxy.close()
    await emu.close()
  })

  function download(
    env: Record<string, string>,
    inputs: Record<string, string> = {}
  ): Promise<ActionRun> {
    return runAction({
      apiUrl: emu.apiUrl,
      token: 'ghs_read_token',
      repository: repo,
      inputs: {
        [Inputs.Mode]: 'download',
        [Inputs.Name]: 'big-*',
        [Inputs.Path]: 'out',
        ...inputs
      },
      env: { ...FAST, ...env }
    })
  }

  it('lower-case http_proxy: the listing and every blob, up to 64 MiB, arrive whole through the tunnel', async () => {
    emu.resetRequests()
    proxy.requests.length = 0
    const result = await download({ http_proxy: proxy.url })
    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    const artifacts = JSON.parse(result.outputs[Outputs.Artifacts]) as { outcome: string }[]
    expect(artifacts.map((a) => a.outcome)).toEqual(SIZES.map(() => 'downloaded'))
    SIZES.forEach((size, i) =>
      expect(statSync(join(result.workspace, 'out', `big-${i}`, 'data.bin')).size).toBe(size)
    )
    // Both hosts were reached only through the proxy (neither name resolves anywhere else) ...
    const hosts = new Set(proxy.requests.map((r) => r.hostname))
    expect(hosts).toEqual(new Set(['api.emulator.invalid', 'blobs.emulator.invalid']))
    expect(emu.requests.filter((r) => r.kind === 'blob' && r.status === 200)).toHaveLength(
      SIZES.length
    )
    // The large ones (4 MiB and more) first read their zip directory with a Range request (206).
    const large = SIZES.filter((size) => size >= 4 * 1_048_576).length
    expect(emu.requests.filter((r) => r.kind === 'blob' && r.status === 206)).toHaveLength(large)
    // ... in tunnels: the proxy never saw a request line, a header or a credential.
    expect(proxy.requests.every((r) => r.method === 'CONNECT' && !r.proxyAuthorization)).toBe(true)
    expect(emu.blobAuthorizationAttempts).toBe(0)
  })

  it('upper-case HTTP_PROXY with NO_PROXY naming the blob host: the blob request skips the proxy and cannot resolve', async () => {
    emu.resetRequests()
    proxy.requests.length = 0
    const result = await download(
      { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com, blobs.emulator.invalid' },
      { [Inputs.Name]: 'big-1' }
    )
    expect(result.code).not.toBe(0)
    expect(result.warnings.join('\n')).toMatch(/could not be reached \(ENOTFOUND/)
    expect(proxy.requests.some((r) => r.hostname === 'api.emulator.invalid')).toBe(true)
    expect(proxy.requests.some((r) => r.hostname === 'blobs.emulator.invalid')).toBe(false)
    expect(emu.requests.filter((r) => r.kind === 'blob')).toHaveLength(0)
  })

  it('without a proxy, nothing resolves: the API name is reachable only through it', async () => {
    const result = await download({})
    expect(result.code).not.toBe(0)
    expect(result.errors.join('\n')).toMatch(/ENOTFOUND|fetch failed|could not/i)
  })
})

describe('a lagging run index: a run completed seconds ago is found', () => {
  let emu: Emulator
  const repo = 'octo-org/lagging'

  /** 30 older successful build.yml push runs on main, each with a 'site' and a 'logs' artifact. */
  function seedRepo(name: string): void {
    const now = Date.now()
    const runs = Array.from({ length: 30 }, (_, i) => runOf(5000 + i, now - (40 - i) * DAY))
    const artifacts = runs.flatMap((r) => [
      artifactOf(r, 'site', Date.parse(r.created_at) + 1000),
      artifactOf(r, 'logs', Date.parse(r.created_at) + 2000)
    ])
    emu.addRepository(name, artifacts, { id: REPO_ID, runs, workflows: [WORKFLOW] })
  }

  beforeAll(async () => {
    emu = await startEmulator({ runIndexLagMs: 10 * MINUTE })
  })
  afterAll(async () => emu.close())

  /** The workflow_run moment: a build.yml run uploads an artifact and completes, right now. */
  function freshRun(name: string, run: SeedRun, artifactName: string): SeedArtifact {
    const now = Date.now()
    const artifact = artifactOf(run, artifactName, now - MINUTE)
    emu.addRun(name, run, [artifact])
    emu.completeRun(name, run.id, 'success')
    return artifact
  }
  const inProgress = (id: number, o: Partial<SeedRun> = {}): SeedRun =>
    runOf(id, Date.now() - 2 * MINUTE, { status: 'in_progress', conclusion: null, ...o })

  it('join (a name glob): the newest run is confirmed by id and its artifact downloaded', async () => {
    seedRepo(repo)
    const site = freshRun(repo, inProgress(6001), 'site')
    emu.resetRequests()
    const result = await runAction({
      apiUrl: emu.url,
      token: 'ghs_read_token',
      repository: repo,
      inputs: {
        [Inputs.Mode]: 'download',
        [Inputs.Name]: 'sit[e]',
        [Inputs.Workflow]: 'build.yml',
        [Inputs.Branch]: 'main',
        [Inputs.Path]: 'out'
      },
      env: FAST
    })
    expect(result.errors).toEqual([])
    const artifacts = JSON.parse(result.outputs[Outputs.Artifacts]) as { id: number }[]
    expect(artifacts.map((a) => a.id)).toEqual([site.id])
    expect(readFileSync(join(result.workspace, 'out', 'site', 'site.txt'), 'utf8')).toBe(
      'site of run 6001'
    )
    // A run page, an artifact page, a lookup (the fresh run), the download: nothing per run.
    expect(apiRequests(emu, /\/actions\/runs\/\d+$/)).toBeLessThanOrEqual(1)
    expect(emu.requests.filter((r) => r.kind === 'api').length).toBeLessThanOrEqual(4)
  })

  it('runs first (a workflow whose only run is brand new): found through page 1 of the artifacts', async () => {
    const name = 'octo-org/lagging-dispatch'
    seedRepo(name)
    const dist = freshRun(name, inProgress(6101, { event: 'workflow_dispatch' }), 'dist')
    emu.resetRequests()
    const result = await runAction({
      apiUrl: emu.url,
      token: 'ghs_read_token',
      repository: name,
      inputs: { [Inputs.Workflow]: 'build.yml', [Inputs.Event]: 'workflow_dispatch' },
      env: FAST
    })
    expect(result.errors).toEqual([])
    const artifacts = JSON.parse(result.outputs[Outputs.Artifacts]) as { id: number }[]
    expect(artifacts.map((a) => a.id)).toEqual([dist.id])
    // One (empty) run page, page 1 of the artifacts, one lookup, the run's artifact list.
    expect(apiRequests(emu, /\/actions\/workflows\/build\.yml\/runs$/)).toBe(1)
    expect(apiRequests(emu, /\/actions\/runs\/\d+$/)).toBe(1)
    expect(apiRequests(emu, /\/actions\/runs\/\d+\/artifacts$/)).toBe(1)
    expect(emu.requests.filter((r) => r.kind === 'api')).toHaveLength(4)
  })
})

describe('one hourly budget for the repository: rate-limit-reserve auto, and another workflow draining it', () => {
  let emu: Emulator
  let clock = Date.now()
  const repo = 'octo-org/shared-budget'
  const TOKENS = {
    ghs_ci: { kind: 'github-token' as const, permission: 'write' as const, repositories: [repo] },
    github_pat_big: {
      kind: 'fine-grained-pat' as const,
      permission: 'write' as const,
      login: 'mona'
    }
  }

  beforeAll(async () => {
    emu = await startEmulator({ tokens: TOKENS, now: () => clock, rateLimitStatus: 429 })
  })
  afterAll(async () => emu.close())

  function seedRepo(name: string, count: number): SeedArtifact[] {
    const now = clock
    const run = runOf(7100, now - 30 * DAY)
    const artifacts = Array.from({ length: count }, (_, i) =>
      artifactOf(run, `old-${i}`, now - 30 * DAY + i * 1000)
    )
    emu.addRepository(name, artifacts, { id: REPO_ID, runs: [run], workflows: [WORKFLOW] })
    return artifacts
  }

  function clean(name: string, token: string): Promise<ActionRun> {
    return runAction({
      apiUrl: emu.url,
      token,
      repository: name,
      inputs: { [Inputs.Mode]: 'delete', [Inputs.OlderThan]: '7d', [Inputs.DeletesPerMinute]: '0' },
      env: FAST
    })
  }

  it("auto keeps half of a GITHUB_TOKEN's 1,000: stops at 500 left, complete=false, the step succeeds", async () => {
    seedRepo(repo, 40)
    emu.drainBudget(repo, 480) // the repository's other workflows spent 480 this hour
    emu.resetRequests()
    const result = await clean(repo, 'ghs_ci')
    expect(result.code).toBe(0)
    expect(result.errors).toEqual([])
    expect(result.outputs[Outputs.Complete]).toBe('false')
    const deleted = emu.deletedIds(repo).length
    // Never below the reserve: at most the 20 requests above it were spent (520 - 20 = 500),
    // deletes among them. The last one or two may not be sent: with requests in flight, the
    // action stops on the budget it last saw, which is the safe side of the reserve.
    const remaining = emu.rateLimit(repo).remaining
    expect(remaining).toBeGreaterThanOrEqual(500)
    expect(remaining).toBeLessThanOrEqual(502)
    expect(emu.requests.filter((r) => r.kind === 'api' && r.status < 400)).toHaveLength(
      520 - remaining
    )
    expect(deleted).toBeGreaterThan(0)
    expect(result.outputs[Outputs.RemainingCount]).toBe(String(40 - deleted))
    expect(result.warnings.join('\n')).toMatch(/reserve \(\d+ of 1000 requests left, reserve 500\)/)
  })

  it('auto keeps a tenth of a larger budget (a PAT: 5,000)', async () => {
    const name = 'octo-org/pat-budget'
    seedRepo(name, 40)
    const result = await clean(name, 'github_pat_big')
    expect(result.outputs[Outputs.Complete]).toBe('true')
    expect(emu.deletedIds(name)).toHaveLength(40)
  })

  it('a 429 with x-ratelimit-remaining: 0 mid-run (drained by another workflow) is the reserve reached; a second run finishes', async () => {
    const name = 'octo-org/drained'
    const artifacts = seedRepo(name, 30)
    const tokens = 'github_pat_big'
    clock += 2 * 3_600_000 // a fresh hour for mona's budget
    emu.drainBudgetAfter(tokens, 11) // the listing and 10 deletes, then someone else spends the rest
    emu.resetRequests()
    const first = await clean(name, tokens)
    expect(first.code).toBe(0)
    expect(first.errors).toEqual([])
    expect(first.outputs[Outputs.Complete]).toBe('false')
    expect(first.outputs[Outputs.FailedCount]).toBe('0')
    const afterFirst = emu.deletedIds(name).length
    // The 11 requests before the drain succeeded (the deletes among them took effect), then it stopped.
    const reads = emu.requests.filter(
      (r) => r.kind === 'api' && r.method === 'GET' && r.status < 400
    )
    expect(afterFirst).toBe(11 - reads.length)
    expect(afterFirst).toBeGreaterThan(0)
    expect(first.outputs[Outputs.RemainingCount]).toBe(String(30 - afterFirst))
    expect(first.warnings.join('\n')).toMatch(/rate limit reached the reserve/)
    clock += 2 * 3_600_000 // the next scheduled run, in a new window
    const second = await clean(name, tokens)
    expect(second.outputs[Outputs.Complete]).toBe('true')
    expect(new Set(emu.deletedIds(name))).toEqual(new Set(artifacts.map((a) => a.id)))
  })
})

describe('fork provenance in every keep-latest group', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator()
  })
  afterAll(async () => emu.close())

  it("forks' newer 'build' artifacts on 'main' never take the places of the repository's own", async () => {
    const repo = 'octo-org/forked'
    const now = Date.now()
    const own = [1, 2, 3, 4].map((i) => runOf(8000 + i, now - (20 - i) * DAY))
    const forkA = [5, 6, 7].map((i) =>
      runOf(8000 + i, now - (20 - i) * DAY, { head_repository_id: FORK_A, event: 'pull_request' })
    )
    const forkB = [8].map((i) =>
      runOf(8000 + i, now - (20 - i) * DAY, { head_repository_id: FORK_B, event: 'pull_request' })
    )
    const runs = [...own, ...forkA, ...forkB]
    const artifacts = runs.map((r) => artifactOf(r, 'build', Date.parse(r.created_at) + 1000))
    emu.addRepository(repo, artifacts, { id: REPO_ID, runs, workflows: [WORKFLOW] })
    const byRun = new Map(artifacts.map((a) => [a.workflow_run.id, a.id]))
    for (const keepBy of ['name', 'name-and-branch', 'all']) {
      const result = await runAction({
        apiUrl: emu.url,
        token: 'ghs_write_token',
        repository: repo,
        inputs: {
          [Inputs.Mode]: 'delete',
          [Inputs.DryRun]: 'true',
          [Inputs.Name]: 'build',
          [Inputs.KeepLatest]: '2',
          [Inputs.KeepLatestBy]: keepBy
        },
        env: FAST
      })
      expect(result.errors).toEqual([])
      const would = (
        JSON.parse(result.outputs[Outputs.Artifacts]) as { id: number; outcome: string }[]
      )
        .filter((a) => a.outcome === 'would-delete')
        .map((a) => a.id)
        .sort()
      // Kept: own 8003, 8004; fork A 8006, 8007; fork B 8008. Would go: own 8001, 8002; fork A 8005.
      expect(would).toEqual([8001, 8002, 8005].map((r) => byRun.get(r)).sort())
    }
    expect(emu.deletedIds(repo)).toEqual([])
  })
})

describe('each 403 names the permission of its own endpoint', () => {
  let emu: Emulator
  const repo = 'octo-org/private'
  beforeAll(async () => {
    emu = await startEmulator({
      tokens: {
        ghs_actions_read: {
          kind: 'github-token',
          permission: 'read',
          repositories: [repo],
          permissions: { actions: 'read' }
        },
        ghs_nothing: {
          kind: 'github-token',
          permission: 'read',
          repositories: [repo],
          permissions: { contents: 'read' }
        }
      }
    })
    const now = Date.now()
    const run = runOf(9001, now - DAY)
    emu.addRepository(repo, [artifactOf(run, 'build', now - DAY)], {
      id: REPO_ID,
      runs: [run],
      workflows: [WORKFLOW],
      private: true,
      pulls: [
        {
          number: 12,
          state: 'open',
          head_ref: 'feature',
          head_sha: run.head_sha,
          head_repository_id: REPO_ID,
          base_ref: 'main',
          created_at: new Date(now - DAY).toISOString()
        }
      ]
    })
  })
  afterAll(async () => emu.close())

  const act = (token: string, inputs: Record<string, string>): Promise<ActionRun> =>
    runAction({ apiUrl: emu.url, token, repository: repo, inputs, env: FAST })

  it.each([
    ['ghs_actions_read', { [Inputs.PullRequest]: '12' }, 'pull-requests: read'],
    ['ghs_nothing', {}, 'actions: read'],
    ['ghs_actions_read', { [Inputs.Mode]: 'delete', [Inputs.Name]: 'build' }, 'actions: write']
  ])('%s with %j: names %s', async (token, inputs, permission) => {
    const result = await act(token, inputs)
    expect(result.code).not.toBe(0)
    expect(result.errors.join('\n')).toContain(`'permissions: ${permission}'`)
    for (const other of ['pull-requests: read', 'actions: read', 'actions: write'])
      if (other !== permission) expect(result.errors.join('\n')).not.toContain(other)
  })
})

describe('inputs as workflows pass them', () => {
  let emu: Emulator
  const repo = 'octo-org/inputs'
  let ids: Record<string, number>
  beforeAll(async () => {
    emu = await startEmulator()
    const now = Date.now()
    const main = runOf(9101, now - 3 * DAY)
    const tagged = runOf(9102, now - 2 * DAY, { head_branch: 'v1.2' })
    const reusable = runOf(9103, now - DAY, {
      head_branch: 'feature',
      path: 'octo-org/shared/.github/workflows/build.yml@refs/heads/main'
    })
    const other = runOf(9104, now - DAY / 2, {
      workflow_id: 79,
      head_branch: 'feature',
      path: '.github/workflows/other.yml'
    })
    const runs = [main, tagged, reusable, other]
    const artifacts = runs.map((r) => artifactOf(r, `a-${r.id}`, Date.parse(r.created_at) + 1000))
    ids = Object.fromEntries(artifacts.map((a) => [a.name, a.id]))
    emu.addRepository(repo, artifacts, {
      id: REPO_ID,
      runs,
      workflows: [WORKFLOW, { id: 79, name: 'Other', path: '.github/workflows/other.yml' }]
    })
  })
  afterAll(async () => emu.close())

  async function listed(
    inputs: Record<string, string>,
    env: Record<string, string> = {}
  ): Promise<number[]> {
    const result = await runAction({
      apiUrl: emu.url,
      token: 'ghs_read_token',
      repository: repo,
      inputs,
      env: { ...FAST, ...env }
    })
    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    return (JSON.parse(result.outputs[Outputs.Artifacts]) as { id: number }[])
      .map((a) => a.id)
      .sort()
  }

  it("an empty value is the default for every input (a workflow_dispatch form's '' on a schedule)", async () => {
    const empty = Object.fromEntries(
      Object.values(Inputs)
        .filter((name) => name !== Inputs.Token && name !== Inputs.Repository)
        .map((name) => [name, ''])
    )
    expect(await listed(empty)).toEqual(Object.values(ids).sort())
  })

  it('branch: refs/heads/main and refs/tags/v1.2 (${{ github.ref }})', async () => {
    expect(await listed({ [Inputs.Branch]: 'refs/heads/main' })).toEqual([ids['a-9101']])
    expect(await listed({ [Inputs.Branch]: 'refs/tags/v1.2' })).toEqual([ids['a-9102']])
  })

  it('workflow: .github/workflows/build.yml; a run whose path carries @ref matches its file name', async () => {
    expect(await listed({ [Inputs.Workflow]: '.github/workflows/build.yml' })).toEqual(
      [ids['a-9101'], ids['a-9102'], ids['a-9103']].sort()
    )
    expect(await listed({ [Inputs.Workflow]: 'build.yml', [Inputs.Branch]: 'feature' })).toEqual([
      ids['a-9103']
    ])
  })

  it('@github/local-action: literal ${{ github.token }} and ${{ github.repository }} fall back to the variables', async () => {
    const literal = {
      [Inputs.Token]: '${{ github.token }}',
      [Inputs.Repository]: '${{ github.repository }}'
    }
    expect(await listed(literal, { GITHUB_TOKEN: 'ghs_read_token' })).toEqual(
      Object.values(ids).sort()
    )
    const refused = await runAction({
      apiUrl: emu.url,
      token: 'ghs_read_token',
      repository: repo,
      inputs: { [Inputs.DryRun]: '${{ inputs.dry-run }}' },
      env: FAST
    })
    expect(refused.code).not.toBe(0)
    expect(refused.errors.join('\n')).toContain(
      "Input 'dry-run' has an invalid value '${{ inputs.dry-run }}'"
    )
  })
})

describe('artifacts without a digest (GHES), and the API version on every request', () => {
  let emu: Emulator
  const repo = 'octo-org/ghes'
  const versions: (string | undefined)[] = []
  beforeAll(async () => {
    emu = await startEmulator({ omitDigest: true })
    emu.addHook((ctx) => {
      if (ctx.kind === 'api')
        versions.push(ctx.req.headers['x-github-api-version'] as string | undefined)
    })
    const now = Date.now()
    const run = runOf(9201, now - DAY)
    emu.addRepository(
      repo,
      ['one', 'two', 'three'].map((n) => artifactOf(run, n, now - DAY)),
      { id: REPO_ID, runs: [run], workflows: [WORKFLOW] }
    )
  })
  afterAll(async () => emu.close())

  it('one notice says integrity rests on TLS; X-GitHub-Api-Version: 2022-11-28 on every API request', async () => {
    const result = await runAction({
      apiUrl: emu.url,
      token: 'ghs_read_token',
      repository: repo,
      inputs: { [Inputs.Mode]: 'download', [Inputs.Path]: 'out' },
      env: FAST
    })
    expect(result.errors).toEqual([])
    expect(existsSync(join(result.workspace, 'out', 'two', 'two.txt'))).toBe(true)
    const notices = result.stdout.split('\n').filter((l) => l.startsWith('::notice'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/no SHA-256 digest .*rests on TLS alone/)
    expect(versions.length).toBeGreaterThanOrEqual(4) // listing and three download links
    expect(new Set(versions)).toEqual(new Set(['2022-11-28']))
  })
})
