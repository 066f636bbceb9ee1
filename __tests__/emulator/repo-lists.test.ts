/**
 * Many repositories: the organisation's, a user's, the authenticated user's and an App
 * installation's repository lists, with pagination, `archived`, sizes and what each token sees.
 */
import { generateOrganization, startEmulator, type Emulator } from '../../emulator/index.js'
import { call, NOW, parseLink, WRITE } from './helpers.js'
import { errorsOf, responseSchema, validator } from './openapi.js'

const ORG = 'octo-org'
const COUNT = 45
const ARCHIVED = new Set([3, 17, 40])
const PRIVATE = new Set([5, 6, 7, 8, 9])
const SIZES = [0, 1, 5, 30, 120]

const validators = {
  org: validator(responseSchema('repos/list-for-org', 200)),
  user: validator(responseSchema('repos/list-for-user', 200)),
  me: validator(responseSchema('repos/list-for-authenticated-user', 200)),
  installation: validator(responseSchema('apps/list-repos-accessible-to-installation', 200))
}

interface WireRepo {
  full_name: string
  archived: boolean
  private: boolean
  size: number
  owner: { login: string; type: string }
}

const names = (repos: WireRepo[]): string[] => repos.map((r) => r.full_name)
const repoName = (i: number): string => `${ORG}/repo-${String(i + 1).padStart(3, '0')}`

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator({
    now: () => NOW,
    tokens: {
      ghs_write_token: 'write',
      ghs_ci: { kind: 'github-token', permission: 'write', repositories: [repoName(0)] },
      ghs_app_some: {
        kind: 'installation',
        permission: 'write',
        repositories: [repoName(2), repoName(1), repoName(3)]
      },
      ghs_app_all: { kind: 'installation', permission: 'write' },
      ghp_mona: { kind: 'classic-pat', permission: 'write', login: 'mona' }
    }
  })
  for (const r of generateOrganization({
    owner: ORG,
    repositories: COUNT,
    artifacts: (i) => SIZES[i % SIZES.length],
    archived: (i) => ARCHIVED.has(i),
    private: (i) => PRIVATE.has(i),
    now: NOW
  })) {
    emu.addRepository(r.fullName, r.artifacts, r.extras)
  }
  for (const r of generateOrganization({
    owner: 'mona',
    repositories: 2,
    artifacts: 1,
    ownerType: 'User',
    private: (i) => i === 1,
    now: NOW,
    firstRepositoryId: 990000001
  })) {
    emu.addRepository(r.fullName, r.artifacts, r.extras)
  }
})
afterAll(async () => emu.close())

async function allPages(
  path: string,
  token: string,
  validate: ReturnType<typeof validator>,
  unwrap: (body: unknown) => WireRepo[] = (b) => b as WireRepo[]
): Promise<{ repos: WireRepo[]; pages: number }> {
  const repos: WireRepo[] = []
  let next: string | undefined = path
  let pages = 0
  while (next) {
    const r = await call(emu.url, next, token)
    expect(r.status).toBe(200)
    const body = r.json<unknown>()
    if (!validate(body)) throw new Error(`schema violation: ${errorsOf(validate)}`)
    repos.push(...unwrap(body))
    next = parseLink(r.headers.get('link')).next
    pages++
  }
  return { repos, pages }
}

describe('GET /orgs/{org}/repos', () => {
  it('lists every repository, paged, with archived, private and sizes', async () => {
    const { repos, pages } = await allPages(`/orgs/${ORG}/repos?per_page=20`, WRITE, validators.org)
    expect(pages).toBe(3)
    expect(repos).toHaveLength(COUNT)
    // newest first by default (sort=created, direction=desc)
    expect(names(repos)).toEqual(Array.from({ length: COUNT }, (_, i) => repoName(COUNT - 1 - i)))
    const byName = new Map(repos.map((r) => [r.full_name, r]))
    for (let i = 0; i < COUNT; i++) {
      const r = byName.get(repoName(i))
      expect(r).toMatchObject({ archived: ARCHIVED.has(i), private: PRIVATE.has(i) })
      expect(r?.owner).toMatchObject({ login: ORG, type: 'Organization' })
    }
    // sizes follow the artifacts each holds: empty repositories are 0 kB
    expect(byName.get(repoName(0))?.size).toBe(0)
    expect(byName.get(repoName(4))?.size).toBeGreaterThan(byName.get(repoName(1))?.size ?? 0)
    expect(emu.listArtifacts(repoName(4))).toHaveLength(120)
    expect(emu.listArtifacts(repoName(3))).toHaveLength(30)
  })

  it('sorts by full_name ascending, filters by type, and answers 404 for an unknown org or a user', async () => {
    const sorted = await allPages(
      `/orgs/${ORG}/repos?sort=full_name&per_page=100`,
      WRITE,
      validators.org
    )
    expect(sorted.pages).toBe(1)
    expect(names(sorted.repos)).toEqual(Array.from({ length: COUNT }, (_, i) => repoName(i)))
    const priv = await allPages(
      `/orgs/${ORG}/repos?type=private&sort=full_name`,
      WRITE,
      validators.org
    )
    expect(names(priv.repos)).toEqual([...PRIVATE].map(repoName))
    expect((await call(emu.url, '/orgs/nobody/repos', WRITE)).status).toBe(404)
    expect((await call(emu.url, '/orgs/mona/repos', WRITE)).status).toBe(404)
  })

  it('shows a token only what it can see: a GITHUB_TOKEN its own repository', async () => {
    const ci = await allPages(`/orgs/${ORG}/repos`, 'ghs_ci', validators.org)
    expect(names(ci.repos)).toEqual([repoName(0)])
    const some = await allPages(`/orgs/${ORG}/repos?sort=full_name`, 'ghs_app_some', validators.org)
    expect(names(some.repos)).toEqual([repoName(1), repoName(2), repoName(3)])
  })
})

describe('GET /users/{username}/repos and GET /user/repos', () => {
  it('a user’s list shows their public repositories only', async () => {
    const { repos } = await allPages('/users/mona/repos', WRITE, validators.user)
    expect(names(repos)).toEqual(['mona/repo-001'])
    expect(repos[0].owner.type).toBe('User')
    expect((await call(emu.url, '/users/nobody/repos', WRITE)).status).toBe(404)
  })

  it('the authenticated user’s list answers a PAT, and refuses an installation token', async () => {
    const { repos } = await allPages('/user/repos?per_page=100', 'ghp_mona', validators.me)
    expect(repos).toHaveLength(COUNT + 2)
    for (const token of ['ghs_ci', 'ghs_app_all']) {
      const r = await call(emu.url, '/user/repos', token)
      expect(r.status).toBe(403)
      expect(r.json<{ message: string }>().message).toBe('Resource not accessible by integration')
    }
  })
})

describe('GET /installation/repositories', () => {
  const unwrap = (b: unknown): WireRepo[] => (b as { repositories: WireRepo[] }).repositories

  it('a GITHUB_TOKEN’s installation holds its own repository only', async () => {
    const r = await call(emu.url, '/installation/repositories', 'ghs_ci')
    const body = r.json<{
      total_count: number
      repository_selection: string
      repositories: WireRepo[]
    }>()
    if (!validators.installation(body)) throw new Error(errorsOf(validators.installation))
    expect(body.total_count).toBe(1)
    expect(body.repository_selection).toBe('selected')
    expect(names(body.repositories)).toEqual([repoName(0)])
  })

  it('an installation on every repository lists them all, paged', async () => {
    const { repos, pages } = await allPages(
      '/installation/repositories?per_page=10',
      'ghs_app_all',
      validators.installation,
      unwrap
    )
    expect(pages).toBe(5)
    expect(repos).toHaveLength(COUNT + 2)
    expect(repos.filter((r) => r.archived).map((r) => r.full_name)).toEqual(
      [...ARCHIVED].map(repoName)
    )
    const first = await call(emu.url, '/installation/repositories?per_page=10', 'ghs_app_all')
    expect(first.json<{ total_count: number }>().total_count).toBe(COUNT + 2)
    expect(first.json<{ repository_selection: string }>().repository_selection).toBe('all')
    const pat = await call(emu.url, '/installation/repositories', 'ghp_mona')
    expect(pat.status).toBe(403)
  })

  it('deletes in an archived repository are refused', async () => {
    const archived = repoName(3)
    const id = emu.listArtifacts(archived)[0].id
    const r = await call(emu.url, `/repos/${archived}/actions/artifacts/${id}`, 'ghs_app_all', {
      method: 'DELETE'
    })
    expect(r.status).toBe(403)
    expect(r.json<{ message: string }>().message).toBe('Repository was archived so is read-only.')
    expect(emu.deletedIds(archived)).toEqual([])
  })
})
