import {
  generateArtifacts,
  startEmulator,
  type Emulator,
  type WireArtifact
} from '../../emulator/index.js'
import { call, DAY, NOW, parseLink, READ, REPO, seed, WRITE } from './helpers.js'
import { errorsOf, operation, responseSchema, validator, type Schema } from './openapi.js'

const LIST = 'actions/list-artifacts-for-repo'
const RUN_LIST = 'actions/list-workflow-run-artifacts'
const GET = 'actions/get-artifact'
const DELETE = 'actions/delete-artifact'
const DOWNLOAD = 'actions/download-artifact'

const validateList = validator(responseSchema(LIST, 200))
const validateRunList = validator(responseSchema(RUN_LIST, 200))
const validateGet = validator(responseSchema(GET, 200))
const basicErrorSchema = responseSchema(DOWNLOAD, 410)
const validateError = validator(basicErrorSchema)
const validateRateLimit = validator(responseSchema('rate-limit/get', 200))

function expectValid(validate: ReturnType<typeof validator>, body: unknown): void {
  const ok = validate(body)
  if (!ok) throw new Error(`schema violation: ${errorsOf(validate)}`)
  expect(ok).toBe(true)
}

describe('the OpenAPI description itself', () => {
  it('has the operations at the paths and methods the emulator serves', () => {
    expect(
      [LIST, RUN_LIST, GET, DELETE, DOWNLOAD].map((id) => {
        const op = operation(id)
        return [op.method, op.path, Object.keys(op.responses).sort()]
      })
    ).toEqual([
      ['GET', '/repos/{owner}/{repo}/actions/artifacts', ['200']],
      ['GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', ['200']],
      ['GET', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}', ['200']],
      ['DELETE', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}', ['204']],
      [
        'GET',
        '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
        ['302', '410']
      ]
    ])
    expect(operation(DOWNLOAD).responses['302'].headers).toHaveProperty('Location')
  })
})

describe('validators built from the description', () => {
  const good: WireArtifact = {
    id: 11,
    node_id: 'MDg6QXJ0aWZhY3QxMQ==',
    name: 'Rails',
    size_in_bytes: 556,
    url: 'https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11',
    archive_download_url:
      'https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11/zip',
    expired: false,
    created_at: '2020-01-10T14:59:22Z',
    expires_at: '2020-03-21T14:59:22Z',
    updated_at: '2020-02-21T14:59:22Z',
    digest: 'sha256:cfc3236bdad15b5898bca8408945c9e19e1917da8704adc20eaa618444290a8c',
    workflow_run: {
      id: 2332938,
      repository_id: 1296269,
      head_repository_id: 1296269,
      head_branch: 'main',
      head_sha: '328faa0536e6fef19753d9d91dc96a9931694ce3'
    }
  }

  it('accept GitHub’s own shape, with null where the description allows it', () => {
    expect(validateGet(good)).toBe(true)
    expect(validateGet({ ...good, digest: null })).toBe(true)
    expect(validateGet({ ...good, workflow_run: null })).toBe(true)
    expect(validateGet({ ...good, expires_at: null })).toBe(true)
    expect(validateList({ total_count: 1, artifacts: [good] })).toBe(true)
  })

  it.each<[string, Record<string, unknown>]>([
    ['digest of the wrong type', { digest: 123 }],
    ['id as a string', { id: '11' }],
    ['size that is not an integer', { size_in_bytes: 1.5 }],
    ['expired as a string', { expired: 'false' }],
    ['created_at that is not a date-time', { created_at: 'yesterday' }],
    ['name that is null', { name: null }],
    ['workflow_run.id as a string', { workflow_run: { ...good.workflow_run, id: 'x' } }]
  ])('reject an artifact with %s', (_, change) => {
    expect(validateGet({ ...good, ...change })).toBe(false)
    expect(validateList({ total_count: 1, artifacts: [{ ...good, ...change }] })).toBe(false)
  })

  it('reject missing required fields', () => {
    const { node_id: _drop, ...noNodeId } = good
    void _drop
    expect(validateGet(noNodeId)).toBe(false)
    expect(errorsOf(validateGet)).toContain('node_id')
    expect(validateList({ artifacts: [] })).toBe(false)
    expect(validateList({ total_count: '0', artifacts: [] })).toBe(false)
    expect(validateError({ message: 404 })).toBe(false)
  })
})

describe('emulator responses conform to GitHub’s OpenAPI description', () => {
  let emu: Emulator
  let artifacts: WireArtifact[]

  beforeAll(async () => {
    emu = await startEmulator({ now: () => NOW })
    const generated = generateArtifacts({ seed: 7, count: 240, now: NOW, repositoryId: 4242 })
    emu.addRepository(REPO, [
      ...generated,
      seed(1, 'legacy-v3', NOW - DAY, { digest: null, run: generated[0].workflow_run.id })
    ])
    artifacts = emu.listArtifacts(REPO)
  })
  afterAll(async () => {
    await emu.close()
  })

  it('serves exactly the fields the Artifact schema describes', () => {
    const schema = (responseSchema(GET, 200).properties ?? {}) as Record<string, Schema>
    const runSchema = (schema.workflow_run.properties ?? {}) as Record<string, Schema>
    for (const a of artifacts) {
      expect(Object.keys(a).sort()).toEqual(Object.keys(schema).sort())
      expect(Object.keys(a.workflow_run).sort()).toEqual(Object.keys(runSchema).sort())
    }
  })

  it('list-artifacts-for-repo: every page', async () => {
    let url: string | undefined = `/repos/${REPO}/actions/artifacts?per_page=100`
    let seen = 0
    while (url) {
      const r = await call(emu.url, url)
      expect(r.status).toBe(200)
      expectValid(validateList, r.json())
      seen += r.json<{ artifacts: unknown[] }>().artifacts.length
      url = parseLink(r.headers.get('link')).next
    }
    expect(seen).toBe(241)
    // and the null digest was among them
    expect(artifacts.some((a) => a.digest === null)).toBe(true)
  })

  it('list-workflow-run-artifacts: every run', async () => {
    const runs = [...new Set(artifacts.map((a) => a.workflow_run.id))]
    expect(runs.length).toBeGreaterThan(20)
    for (const run of runs) {
      const r = await call(emu.url, `/repos/${REPO}/actions/runs/${run}/artifacts`)
      expect(r.status).toBe(200)
      expectValid(validateRunList, r.json())
    }
  })

  it('get-artifact: every artifact', async () => {
    for (const a of artifacts) {
      const r = await call(emu.url, `/repos/${REPO}/actions/artifacts/${a.id}`)
      expectValid(validateGet, r.json())
      expect(r.json()).toEqual(a)
    }
  })

  it('download-artifact: 302 with a Location, 410 with a Basic Error body', async () => {
    const live = artifacts.find((a) => !a.expired) as WireArtifact
    const expired = artifacts.find((a) => a.expired) as WireArtifact
    const ok = await call(emu.url, `/repos/${REPO}/actions/artifacts/${live.id}/zip`)
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_blobs\//)
    const gone = await call(emu.url, `/repos/${REPO}/actions/artifacts/${expired.id}/zip`)
    expect(gone.status).toBe(410)
    expectValid(validateError, gone.json())
  })

  it('delete-artifact: 204 with no body', async () => {
    const r = await call(emu.url, `/repos/${REPO}/actions/artifacts/1`, WRITE, {
      method: 'DELETE'
    })
    expect(r.status).toBe(204)
    expect(r.body).toBe('')
  })

  it('error bodies (401, 403, 404, rate limit) are Basic Errors', async () => {
    const bodies = [
      await call(emu.url, `/repos/${REPO}/actions/artifacts`, 'ghs_bad'),
      await call(emu.url, `/repos/${REPO}/actions/artifacts/${artifacts[0].id}`, READ, {
        method: 'DELETE'
      }),
      await call(emu.url, `/repos/${REPO}/actions/artifacts/1`),
      await call(emu.url, `/repos/nobody/nothing/actions/artifacts`)
    ]
    expect(bodies.map((b) => b.status)).toEqual([401, 403, 404, 404])
    for (const b of bodies) expectValid(validateError, b.json())
    const limited = await startEmulator({ rateLimit: { limit: 1 } })
    try {
      limited.addRepository(REPO, [])
      await call(limited.url, `/repos/${REPO}/actions/artifacts`)
      const r = await call(limited.url, `/repos/${REPO}/actions/artifacts`)
      expect(r.status).toBe(403)
      expectValid(validateError, r.json())
    } finally {
      await limited.close()
    }
  })

  it('rate-limit/get', async () => {
    expectValid(validateRateLimit, (await call(emu.url, '/rate_limit')).json())
    expectValid(validateRateLimit, (await call(emu.url, '/rate_limit', null)).json())
  })
})
