import { afterEach, describe, expect, it } from '@jest/globals'
import {
  type Emulator,
  type EmulatorOptions,
  type SeedArtifact,
  generateArtifacts,
  generateOrganization,
  startEmulator
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const NOW = Date.UTC(2026, 10, 20)
const WRITE = 'ghs_write_token'

let emu: Emulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

async function start(opts: EmulatorOptions = {}): Promise<Emulator> {
  // The emulator's own clock stays real: the action compares rate-limit resets with its clock.
  emu = await startEmulator(opts)
  return emu
}

function run(
  e: Emulator,
  repository: string,
  inputs: Record<string, string>,
  token = WRITE
): Promise<ActionRun> {
  return runAction({
    apiUrl: e.url,
    token,
    repository: 'octo-org/home',
    inputs: { [Inputs.Repository]: repository, [Inputs.DeletesPerMinute]: '0', ...inputs }
  })
}

interface RepoEntry {
  repository: string
  count: number
  bytes: number
  'deleted-count': number
  complete: boolean
}

const sizeOf = (a: { size_in_bytes?: number; content: Buffer | (() => Buffer) }): number =>
  a.size_in_bytes ?? (typeof a.content === 'function' ? a.content() : a.content).length
const bytesOf = (list: SeedArtifact[]): number => list.reduce((n, a) => n + sizeOf(a), 0)
const ids = (list: { id: number }[]): number[] => list.map((a) => a.id).sort((a, b) => a - b)

describe('several repositories', () => {
  it('lists several named repositories (one per line or comma-separated), storage per repository', async () => {
    const e = await start()
    const sizes = { 'octo-org/small': 7, 'octo-org/big': 160, 'mona/tools': 40 }
    const seeds: Record<string, SeedArtifact[]> = {}
    let repoId = 500
    for (const [name, count] of Object.entries(sizes)) {
      repoId += 1
      seeds[name] = generateArtifacts({ seed: repoId, count, now: NOW, repositoryId: repoId })
      e.addRepository(name, seeds[name], { id: repoId })
    }
    e.addRepository('octo-org/untouched', generateArtifacts({ seed: 9, count: 20, now: NOW }))
    e.resetRequests()

    const result = await run(e, 'octo-org/small, octo-org/big\nmona/tools', {
      [Inputs.IncludeExpired]: 'true'
    })

    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    const total = Object.values(seeds).flat()
    expect(Number(result.outputs[Outputs.Count])).toBe(total.length)
    expect(Number(result.outputs[Outputs.Bytes])).toBe(bytesOf(total))
    const entries = JSON.parse(result.outputs[Outputs.Repositories]) as RepoEntry[]
    const expected = Object.entries(seeds)
      .map(([repository, list]) => ({
        repository,
        count: list.length,
        bytes: bytesOf(list),
        'deleted-count': 0,
        complete: true
      }))
      .sort((a, b) => b.bytes - a.bytes)
    expect(entries).toEqual(expected)
    // Each artifact carries its repository, and is the seed's artifact of that repository.
    const artifacts = JSON.parse(result.outputs[Outputs.Artifacts]) as {
      id: number
      repository: string
    }[]
    for (const [name, list] of Object.entries(seeds))
      expect(ids(artifacts.filter((a) => a.repository === name))).toEqual(ids(list))
    // Pages: 1 + 2 + 1; nothing of the repository not named.
    expect(e.requests.filter((r) => /untouched/.test(r.path))).toEqual([])
    expect(e.requests.filter((r) => r.kind === 'api')).toHaveLength(4)
    expect(result.summary).toContain('### Storage by repository')
    expect(result.summary).toContain('Bytes by repository')
    // the table is sorted by bytes: big, tools, small
    const order = ['octo-org/big', 'mona/tools', 'octo-org/small'].map((n) =>
      result.summary.indexOf(`| ${n} |`)
    )
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true)
  })

  it('owner/*: every repository the installation sees; an archived one is reported and skipped', async () => {
    const org = generateOrganization({
      owner: 'acme',
      repositories: 5,
      artifacts: (i) => 10 + i * 7,
      archived: (i) => i === 2,
      now: NOW
    })
    const e = await start({
      tokens: {
        ghs_app: {
          kind: 'installation',
          permission: 'write',
          installationId: 77,
          repositories: [...org.map((r) => r.fullName), 'acme-other/x']
        }
      }
    })
    for (const r of org) e.addRepository(r.fullName, r.artifacts, r.extras)
    const other = generateArtifacts({ seed: 3, count: 12, now: NOW, repositoryId: 999 })
    e.addRepository('acme-other/x', other, { id: 999 })

    const result = await run(
      e,
      'acme/*',
      { [Inputs.Mode]: 'delete', [Inputs.Name]: '*', [Inputs.IncludeExpired]: 'true' },
      'ghs_app'
    )

    expect(result.errors).toEqual([])
    expect(result.code).toBe(0)
    const archived = org[2]
    const cleaned = org.filter((r) => r !== archived)
    for (const r of cleaned) {
      expect(e.listArtifacts(r.fullName)).toEqual([])
      expect(ids(e.deletedIds(r.fullName).map((id) => ({ id })))).toEqual(ids(r.artifacts))
    }
    // The archived repository and the other owner's are untouched: not a request sent to them.
    expect(ids(e.listArtifacts(archived.fullName))).toEqual(ids(archived.artifacts))
    expect(ids(e.listArtifacts('acme-other/x'))).toEqual(ids(other))
    expect(e.requests.filter((r) => r.path.includes(archived.fullName))).toEqual([])
    expect(e.requests.filter((r) => r.path.includes('acme-other'))).toEqual([])
    expect(e.requests.filter((r) => r.path === '/installation/repositories')).toHaveLength(1)

    const entries = JSON.parse(result.outputs[Outputs.Repositories]) as RepoEntry[]
    expect(entries.map((x) => x.repository).sort()).toEqual(cleaned.map((r) => r.fullName))
    for (const x of entries) {
      const seed = cleaned.find((r) => r.fullName === x.repository)?.artifacts ?? []
      expect(x).toEqual({
        repository: x.repository,
        count: seed.length,
        bytes: bytesOf(seed),
        'deleted-count': seed.length,
        complete: true
      })
    }
    const all = cleaned.flatMap((r) => r.artifacts)
    expect(Number(result.outputs[Outputs.DeletedCount])).toBe(all.length)
    expect(Number(result.outputs[Outputs.DeletedBytes])).toBe(bytesOf(all))
    expect(result.outputs[Outputs.Complete]).toBe('true')
    expect(result.stdout).toContain(`Skipped 1 archived repositories`)
    expect(result.summary).toContain(`Archived, skipped (1): ${archived.fullName}`)
  })

  it("owner/* with a user's token: the user's own list, private repositories included", async () => {
    const mine = generateOrganization({
      owner: 'mona',
      repositories: 3,
      artifacts: 5,
      private: (i) => i === 0,
      ownerType: 'User',
      now: NOW
    })
    const e = await start({
      tokens: { github_pat_m: { kind: 'fine-grained-pat', permission: 'read', login: 'mona' } }
    })
    for (const r of mine) e.addRepository(r.fullName, r.artifacts, r.extras)

    const result = await run(e, 'mona/*', { [Inputs.IncludeExpired]: 'true' }, 'github_pat_m')

    expect(result.errors).toEqual([])
    const entries = JSON.parse(result.outputs[Outputs.Repositories]) as RepoEntry[]
    expect(entries.map((x) => x.repository).sort()).toEqual(mine.map((r) => r.fullName))
    expect(Number(result.outputs[Outputs.Count])).toBe(15)
    // installation list refused (403), no organisation (404), then the user's own list
    expect(
      e.requests.filter((r) => !r.path.includes('/actions/')).map((r) => [r.path, r.status])
    ).toEqual([
      ['/installation/repositories', 403],
      ['/orgs/mona/repos', 404],
      ['/user/repos', 200]
    ])
  })

  it('a delete over many repositories stops at the reserve, names those not reached; the next run finishes', async () => {
    const org = generateOrganization({ owner: 'big', repositories: 12, artifacts: 20, now: NOW })
    const e = await start({
      rateLimit: { limit: 150 },
      // the next run: a fresh hour's budget (the default 5,000)
      tokens: { [WRITE]: 'write', ghs_next_hour: { permission: 'write', rateLimit: 5000 } }
    })
    for (const r of org) e.addRepository(r.fullName, r.artifacts, r.extras)
    const keep = generateArtifacts({ seed: 4, count: 15, now: NOW, repositoryId: 4242 })
    e.addRepository('big-neighbour/keep', keep, { id: 4242 })
    const inputs = {
      [Inputs.Mode]: 'delete',
      [Inputs.Name]: '*',
      [Inputs.IncludeExpired]: 'true',
      [Inputs.RateLimitReserve]: '10%',
      [Inputs.Concurrency]: '2'
    }

    const first = await run(e, 'big/*', inputs)

    expect(first.errors).toEqual([])
    expect(first.code).toBe(0)
    expect(first.outputs[Outputs.Complete]).toBe('false')
    const deletedFirst = Number(first.outputs[Outputs.DeletedCount])
    expect(deletedFirst).toBeGreaterThan(0)
    expect(deletedFirst).toBeLessThan(240)
    expect(e.rateLimit(WRITE).remaining).toBeGreaterThanOrEqual(15)
    const entries = JSON.parse(first.outputs[Outputs.Repositories]) as RepoEntry[]
    expect(entries).toHaveLength(12)
    const untouched = org.filter((r) => e.deletedIds(r.fullName).length === 0)
    expect(untouched.length).toBeGreaterThan(0)
    const warning = first.warnings.join('\n')
    expect(warning).toMatch(/reserve/)
    for (const r of untouched) {
      expect(warning).toContain(r.fullName)
      expect(entries.find((x) => x.repository === r.fullName)?.complete).toBe(false)
    }
    expect(first.summary).toContain('Not reached (')
    expect(e.requests.filter((r) => r.status === 403)).toEqual([])

    const second = await run(e, 'big/*', inputs, 'ghs_next_hour')

    expect(second.errors).toEqual([])
    expect(second.outputs[Outputs.Complete]).toBe('true')
    expect(Number(second.outputs[Outputs.DeletedCount])).toBe(240 - deletedFirst)
    for (const r of org) {
      expect(e.listArtifacts(r.fullName)).toEqual([])
      expect(ids(e.deletedIds(r.fullName).map((id) => ({ id })))).toEqual(ids(r.artifacts))
    }
    expect(ids(e.listArtifacts('big-neighbour/keep'))).toEqual(ids(keep))
    const after = JSON.parse(second.outputs[Outputs.Repositories]) as RepoEntry[]
    expect(after.every((x) => x.complete)).toBe(true)
  })

  it('download refuses several repositories before any request, naming repository', async () => {
    const e = await start()
    e.addRepository('octo-org/a', generateArtifacts({ seed: 1, count: 3, now: NOW }))
    for (const value of ['octo-org/a, octo-org/b', 'octo-org/*']) {
      e.resetRequests()
      const result = await run(e, value, { [Inputs.Mode]: 'download' })
      expect(result.code).not.toBe(0)
      expect(result.errors.join('\n')).toMatch(/Input 'repository' has an invalid value/)
      expect(result.errors.join('\n')).toContain("one 'owner/name' in download mode")
      expect(e.requests).toEqual([])
    }
  })
})
