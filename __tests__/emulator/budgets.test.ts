/**
 * Primary budgets as GitHub keeps them: a GITHUB_TOKEN's belongs to its repository, an App
 * installation's to the installation, a PAT's to its user; drained by other clients mid-run.
 */
import {
  ENTERPRISE_LIMIT,
  installationLimit,
  startEmulator,
  type Emulator,
  type EmulatorOptions
} from '../../emulator/index.js'
import { call, DAY, NOW, REPO, seed } from './helpers.js'
import { errorsOf, responseSchema, validator } from './openapi.js'

const OTHER = 'octo-org/other-repo'
const validateError = validator(responseSchema('actions/download-artifact', 410))
const validateRateLimit = validator(responseSchema('rate-limit/get', 200))

const TOKENS: EmulatorOptions['tokens'] = {
  ghs_ci_1: { kind: 'github-token', permission: 'write', repositories: [REPO], installationId: 7 },
  ghs_ci_2: { kind: 'github-token', permission: 'read', repositories: [REPO], installationId: 7 },
  ghs_ci_other: { kind: 'github-token', permission: 'write', repositories: [OTHER] },
  ghs_app_1: { kind: 'installation', permission: 'write', installationId: 55 },
  ghs_app_2: { kind: 'installation', permission: 'read', installationId: 55 },
  github_pat_a: { kind: 'fine-grained-pat', permission: 'write', login: 'mona' },
  github_pat_b: { kind: 'fine-grained-pat', permission: 'read', login: 'mona' },
  ghs_enterprise: {
    kind: 'github-token',
    permission: 'write',
    repositories: ['octo-org/big'],
    enterprise: true
  }
}

async function start(extra: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ now: () => NOW, tokens: TOKENS, ...extra })
  emu.addRepository(REPO, [seed(1, 'a', NOW - DAY)])
  emu.addRepository(OTHER, [seed(2, 'b', NOW - DAY)])
  emu.addRepository('octo-org/big', [])
  return emu
}

async function list(emu: Emulator, token: string, repo = REPO): ReturnType<typeof call> {
  return call(emu.url, `/repos/${repo}/actions/artifacts`, token)
}

const header = (r: { headers: Headers }, name: string): string | null => r.headers.get(name)

describe('a GITHUB_TOKEN budget', () => {
  let emu: Emulator
  beforeEach(async () => {
    emu = await start()
  })
  afterEach(async () => emu.close())

  it('is 1,000 an hour for the whole repository, whichever token spends it', async () => {
    const first = await list(emu, 'ghs_ci_1')
    expect(header(first, 'x-ratelimit-limit')).toBe('1000')
    expect(header(first, 'x-ratelimit-used')).toBe('1')
    const second = await list(emu, 'ghs_ci_2') // another workflow of the same repository
    expect(header(second, 'x-ratelimit-used')).toBe('2')
    expect(header(second, 'x-ratelimit-remaining')).toBe('998')
    const other = await list(emu, 'ghs_ci_other', OTHER)
    expect(header(other, 'x-ratelimit-used')).toBe('1')
    expect(emu.rateLimit(REPO)).toMatchObject({ limit: 1000, used: 2, remaining: 998 })
    expect(emu.rateLimit('ghs_ci_2')).toEqual(emu.rateLimit('ghs_ci_1'))
    // an Enterprise Cloud repository's GITHUB_TOKEN has 15,000
    const big = await list(emu, 'ghs_enterprise', 'octo-org/big')
    expect(header(big, 'x-ratelimit-limit')).toBe(String(ENTERPRISE_LIMIT))
  })

  it('drained by another client mid-run: 403 with x-ratelimit-remaining 0 until the reset', async () => {
    emu.drainBudget(REPO, 500)
    expect(header(await list(emu, 'ghs_ci_1'), 'x-ratelimit-remaining')).toBe('499')
    emu.drainBudget(REPO)
    const refused = await list(emu, 'ghs_ci_1')
    expect(refused.status).toBe(403)
    expect(header(refused, 'x-ratelimit-remaining')).toBe('0')
    expect(Number(header(refused, 'x-ratelimit-reset'))).toBe(Math.ceil((NOW + 3600000) / 1000))
    const body = refused.json<{ message: string }>()
    if (!validateError(body)) throw new Error(errorsOf(validateError))
    expect(body.message).toBe('API rate limit exceeded for installation ID 7.')
    // /rate_limit still answers, uncounted, with the repository's budget
    const rl = await call(emu.url, '/rate_limit', 'ghs_ci_2')
    expect(rl.status).toBe(200)
    const rate = rl.json<{ resources: { core: object } }>()
    if (!validateRateLimit(rate)) throw new Error(errorsOf(validateRateLimit))
    expect(rate.resources.core).toMatchObject({ limit: 1000, remaining: 0, used: 1000 })
    // the other repository's budget is untouched
    expect((await list(emu, 'ghs_ci_other', OTHER)).status).toBe(200)
  })

  it('drained after N more requests (drainBudgetAfter), answering 429 when so configured', async () => {
    await emu.close()
    emu = await start({ rateLimitStatus: 429 })
    emu.drainBudgetAfter('ghs_ci_1', 3)
    const statuses: number[] = []
    const remaining: (string | null)[] = []
    for (let i = 0; i < 4; i++) {
      const r = await list(emu, i % 2 ? 'ghs_ci_2' : 'ghs_ci_1')
      statuses.push(r.status)
      remaining.push(header(r, 'x-ratelimit-remaining'))
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(remaining).toEqual(['999', '998', '0', '0'])
  })
})

describe('App installation and user budgets', () => {
  it('an installation has 5,000 plus 50 per repository and per user beyond 20, at most 12,500', () => {
    expect(installationLimit(1, 0)).toBe(5000)
    expect(installationLimit(20, 20)).toBe(5000)
    expect(installationLimit(30, 0)).toBe(5500)
    expect(installationLimit(30, 25)).toBe(5750)
    expect(installationLimit(400, 0)).toBe(12500)
  })

  it('an installation token’s budget scales with the repositories it can reach', async () => {
    const repos = Array.from({ length: 26 }, (_, i) => `octo-org/r${i}`)
    const emu = await startEmulator({
      now: () => NOW,
      tokens: {
        ghs_small: { kind: 'installation', permission: 'read', repositories: [REPO] },
        ghs_wide: { kind: 'installation', permission: 'read', repositories: repos },
        ghs_crowd: {
          kind: 'installation',
          permission: 'read',
          repositories: [REPO],
          installationUsers: 1000
        },
        ghs_ent: { kind: 'installation', permission: 'read', repositories: repos, enterprise: true }
      }
    })
    try {
      expect(emu.rateLimit('ghs_small').limit).toBe(5000)
      expect(emu.rateLimit('ghs_wide').limit).toBe(5300)
      expect(emu.rateLimit('ghs_crowd').limit).toBe(12500)
      expect(emu.rateLimit('ghs_ent').limit).toBe(15000)
    } finally {
      await emu.close()
    }
  })

  it('is shared by every token of the installation, across repositories', async () => {
    const emu = await start()
    try {
      await list(emu, 'ghs_app_1')
      await list(emu, 'ghs_app_2', OTHER)
      const third = await list(emu, 'ghs_app_1', OTHER)
      expect(header(third, 'x-ratelimit-used')).toBe('3')
      expect(header(third, 'x-ratelimit-limit')).toBe('5000')
      emu.drainBudget('ghs_app_2')
      const refused = await list(emu, 'ghs_app_1')
      expect(refused.status).toBe(403)
      expect(refused.json<{ message: string }>().message).toBe(
        'API rate limit exceeded for installation ID 55.'
      )
      // a repository's GITHUB_TOKEN budget is another budget
      expect((await list(emu, 'ghs_ci_1')).status).toBe(200)
    } finally {
      await emu.close()
    }
  })

  it('a user’s tokens share 5,000, and a refusal names the user', async () => {
    const emu = await start()
    try {
      await list(emu, 'github_pat_a')
      const b = await list(emu, 'github_pat_b')
      expect(header(b, 'x-ratelimit-used')).toBe('2')
      expect(header(b, 'x-ratelimit-limit')).toBe('5000')
      emu.drainBudget('github_pat_a')
      const refused = await list(emu, 'github_pat_b')
      expect(refused.status).toBe(403)
      expect(refused.json<{ message: string }>().message).toMatch(
        /^API rate limit exceeded for user ID \d+\.$/
      )
    } finally {
      await emu.close()
    }
  })
})
