/**
 * Permission refusals per endpoint, with GitHub's messages; archived repositories; artifacts
 * without a digest; the tags endpoint.
 */
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { call, DAY, NOW, parseLink, REPO, REPO_ID, seed, WRITE } from './helpers.js'
import { errorsOf, responseSchema, validator } from './openapi.js'

const PUBLIC = 'octo-org/public-repo'
const validateError = validator(responseSchema('actions/download-artifact', 410))
const validateTags = validator(responseSchema('repos/list-tags', 200))
const validateArtifact = validator(responseSchema('actions/get-artifact', 200))
const validateList = validator(responseSchema('actions/list-artifacts-for-repo', 200))

const PULL = {
  number: 5,
  state: 'open' as const,
  head_ref: 'feature',
  head_sha: 'f'.repeat(40),
  head_repository_id: REPO_ID,
  base_ref: 'main',
  created_at: new Date(NOW - DAY).toISOString()
}
const TAGS = Array.from({ length: 250 }, (_, i) => ({
  name: `v1.${249 - i}.0`,
  sha: (i + 1).toString(16).padStart(40, '0')
}))

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator({
    now: () => NOW,
    tokens: {
      ghs_write_token: 'write',
      // permissions: { actions: read } (nothing else), as a workflow's block gives it
      ghs_actions_read: {
        kind: 'github-token',
        permission: 'read',
        repositories: [REPO],
        permissions: { actions: 'read' }
      },
      ghs_everything_read: {
        kind: 'github-token',
        permission: 'read',
        repositories: [REPO],
        permissions: { actions: 'read', contents: 'read', 'pull-requests': 'read' }
      },
      ghs_public_none: {
        kind: 'github-token',
        permission: 'read',
        repositories: [PUBLIC],
        permissions: {}
      },
      github_pat_fine: { kind: 'fine-grained-pat', permission: 'read', permissions: {} }
    }
  })
  emu.addRepository(REPO, [seed(1, 'a', NOW - DAY)], { private: true, pulls: [PULL], tags: TAGS })
  emu.addRepository(PUBLIC, [seed(2, 'b', NOW - DAY)], { pulls: [PULL], tags: TAGS.slice(0, 3) })
})
afterAll(async () => emu.close())

async function refused(
  path: string,
  token: string,
  accepted: string,
  message = 'Resource not accessible by integration',
  method = 'GET'
): Promise<void> {
  const r = await call(emu.url, path, token, { method })
  expect([r.status, r.headers.get('x-accepted-github-permissions')]).toEqual([403, accepted])
  const body = r.json<{ message: string }>()
  if (!validateError(body)) throw new Error(errorsOf(validateError))
  expect(body.message).toBe(message)
}

describe('permission refusals per endpoint (private repository)', () => {
  it('pull requests need pull-requests: read', async () => {
    await refused(`/repos/${REPO}/pulls/5`, 'ghs_actions_read', 'pull_requests=read')
    expect((await call(emu.url, `/repos/${REPO}/pulls/5`, 'ghs_everything_read')).status).toBe(200)
  })

  it('tags need contents: read', async () => {
    await refused(`/repos/${REPO}/tags`, 'ghs_actions_read', 'contents=read')
    expect((await call(emu.url, `/repos/${REPO}/tags`, 'ghs_everything_read')).status).toBe(200)
  })

  it('artifacts and runs need actions: read; deletes need actions: write', async () => {
    for (const path of ['/actions/artifacts', '/actions/artifacts/1', '/actions/runs']) {
      expect((await call(emu.url, `/repos/${REPO}${path}`, 'ghs_actions_read')).status).toBe(200)
    }
    await refused(
      `/repos/${REPO}/actions/artifacts/1`,
      'ghs_actions_read',
      'actions=write',
      undefined,
      'DELETE'
    )
    await refused(
      `/repos/${REPO}/actions/artifacts`,
      'github_pat_fine',
      'actions=read',
      'Resource not accessible by personal access token'
    )
    await refused(
      `/repos/${REPO}/actions/artifacts/1/zip`,
      'github_pat_fine',
      'actions=read',
      'Resource not accessible by personal access token'
    )
    expect(emu.listArtifacts(REPO).map((a) => a.id)).toEqual([1])
  })

  it('a public repository needs no permission to read, but still one to delete', async () => {
    for (const path of ['/pulls/5', '/tags', '/actions/artifacts', '/actions/artifacts/2/zip']) {
      const r = await call(emu.url, `/repos/${PUBLIC}${path}`, 'ghs_public_none')
      expect([path, r.status]).toEqual([path, path.endsWith('zip') ? 302 : 200])
    }
    await refused(
      `/repos/${PUBLIC}/actions/artifacts/2`,
      'ghs_public_none',
      'actions=write',
      undefined,
      'DELETE'
    )
  })
})

describe('archived repositories', () => {
  it('refuse deletes with GitHub’s answer, and serve reads', async () => {
    const local = await startEmulator({ now: () => NOW })
    try {
      local.addRepository(REPO, [seed(1, 'a', NOW - DAY), seed(2, 'b', NOW - DAY)], {
        archived: true
      })
      const r = await call(local.url, `/repos/${REPO}/actions/artifacts/1`, WRITE, {
        method: 'DELETE'
      })
      expect(r.status).toBe(403)
      expect(r.json<{ message: string }>().message).toBe('Repository was archived so is read-only.')
      expect((await call(local.url, `/repos/${REPO}/actions/artifacts`)).status).toBe(200)
      local.setArchived(REPO, false)
      const again = await call(local.url, `/repos/${REPO}/actions/artifacts/1`, WRITE, {
        method: 'DELETE'
      })
      expect(again.status).toBe(204)
      expect(local.deletedIds(REPO)).toEqual([1])
    } finally {
      await local.close()
    }
  })
})

describe('artifacts without a digest', () => {
  it('GHES (omitDigest): no digest field at all; older artifacts: digest null', async () => {
    const ghes = await startEmulator({ now: () => NOW, omitDigest: true })
    const dotcom = await startEmulator({ now: () => NOW })
    try {
      for (const e of [ghes, dotcom]) {
        e.addRepository(REPO, [seed(1, 'a', NOW - DAY), seed(2, 'v3', NOW - DAY, { digest: null })])
      }
      const one = (await call(ghes.url, `/repos/${REPO}/actions/artifacts/1`)).json<object>()
      if (!validateArtifact(one)) throw new Error(errorsOf(validateArtifact))
      expect('digest' in one).toBe(false)
      const list = (await call(ghes.url, `/repos/${REPO}/actions/artifacts`)).json<{
        artifacts: object[]
      }>()
      if (!validateList(list)) throw new Error(errorsOf(validateList))
      expect(list.artifacts.some((a) => 'digest' in a)).toBe(false)
      const older = (await call(dotcom.url, `/repos/${REPO}/actions/artifacts/2`)).json<object>()
      expect(older).toMatchObject({ digest: null })
      const newer = (await call(dotcom.url, `/repos/${REPO}/actions/artifacts/1`)).json<object>()
      expect(newer).toMatchObject({ digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) })
    } finally {
      await ghes.close()
      await dotcom.close()
    }
  })
})

describe('GET /repos/{owner}/{repo}/tags', () => {
  it('lists every tag, 100 a page, with Link headers and each commit’s sha', async () => {
    const names: string[] = []
    const shas: string[] = []
    let next: string | undefined = `/repos/${REPO}/tags?per_page=100`
    let pages = 0
    while (next) {
      const r = await call(emu.url, next, 'ghs_everything_read')
      expect(r.status).toBe(200)
      const body = r.json<{ name: string; commit: { sha: string; url: string } }[]>()
      if (!validateTags(body)) throw new Error(errorsOf(validateTags))
      expect(body.length).toBeLessThanOrEqual(100)
      for (const t of body) {
        names.push(t.name)
        shas.push(t.commit.sha)
        expect(t.commit.url).toBe(`${emu.url}/repos/${REPO}/commits/${t.commit.sha}`)
      }
      next = parseLink(r.headers.get('link')).next
      pages++
    }
    expect(pages).toBe(3)
    expect(names).toEqual(TAGS.map((t) => t.name))
    expect(shas).toEqual(TAGS.map((t) => t.sha))
    const few = await call(emu.url, `/repos/${PUBLIC}/tags`, 'ghs_public_none')
    expect(few.json<unknown[]>()).toHaveLength(3)
    expect(few.headers.get('link')).toBeNull()
  })

  it('refuses bad tag seeds', async () => {
    const e = await startEmulator()
    try {
      expect(() => e.addRepository('o/r', [], { tags: [{ name: 'v1', sha: 'abc' }] })).toThrow(
        /40 hex/
      )
    } finally {
      await e.close()
    }
  })
})
