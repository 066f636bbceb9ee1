import {
  HOSTILE_BRANCHES,
  HOSTILE_NAMES,
  hostileRepository,
  installMalformed,
  malformedEndpointOf,
  PHANTOM_ID_BASE,
  startEmulator,
  type Emulator,
  type MalformedEndpoint,
  type MalformedKind
} from '../../emulator/index.js'
import { call, NOW, parseLink, REPO, REPO_ID } from './helpers.js'
import { errorsOf, responseSchema, validator } from './openapi.js'

const validators: Record<MalformedEndpoint, ReturnType<typeof validator>> = {
  'artifact-list': validator(responseSchema('actions/list-artifacts-for-repo', 200)),
  artifact: validator(responseSchema('actions/get-artifact', 200)),
  'run-list': validator(responseSchema('actions/list-workflow-runs-for-repo', 200)),
  run: validator(responseSchema('actions/get-workflow-run', 200)),
  pull: validator(responseSchema('pulls/get', 200))
}

const hostile = hostileRepository({ now: NOW, repositoryId: REPO_ID })
const firstArtifact = hostile.artifacts[0].id
const firstRun = hostile.extras.runs?.[0].id ?? 0
const PATHS: Record<MalformedEndpoint, string> = {
  'artifact-list': `/repos/${REPO}/actions/artifacts?per_page=5`,
  artifact: `/repos/${REPO}/actions/artifacts/${firstArtifact}`,
  'run-list': `/repos/${REPO}/actions/runs?per_page=5`,
  run: `/repos/${REPO}/actions/runs/${firstRun}`,
  pull: `/repos/${REPO}/pulls/4242`
}
const ENDPOINTS = Object.keys(PATHS) as MalformedEndpoint[]

type Obj = Record<string, unknown>

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator({ now: () => NOW })
  emu.addRepository(REPO, hostile.artifacts, hostile.extras)
})
afterAll(async () => {
  await emu.close()
})

async function json(path: string): Promise<Obj> {
  const r = await call(emu.url, path)
  expect(r.status).toBe(200)
  return r.json<Obj>()
}

describe('hostile names', () => {
  it('are served byte for byte, and the honest answers still match the OpenAPI description', async () => {
    const served: string[] = []
    let url: string | undefined = `/repos/${REPO}/actions/artifacts?per_page=7`
    while (url) {
      const r = await call(emu.url, url)
      const body = r.json<{ artifacts: { name: string }[] }>()
      if (!validators['artifact-list'](body)) throw new Error(errorsOf(validators['artifact-list']))
      served.push(...body.artifacts.map((a) => a.name))
      url = parseLink(r.headers.get('link')).next
    }
    expect(served.sort()).toEqual(Object.values(HOSTILE_NAMES).sort())
  })

  it('reach runs (head_branch), the workflow name and the pull request', async () => {
    for (const endpoint of ENDPOINTS) {
      const body = await json(PATHS[endpoint])
      if (!validators[endpoint](body))
        throw new Error(`${endpoint}: ${errorsOf(validators[endpoint])}`)
    }
    const runs = await json(`/repos/${REPO}/actions/runs?per_page=100`)
    const branches = new Set((runs.workflow_runs as Obj[]).map((r) => r.head_branch))
    expect([...branches].sort()).toEqual(Object.values(HOSTILE_BRANCHES).sort())
    expect((runs.workflow_runs as Obj[])[0].name).toContain('```')
    const pull = await json(PATHS.pull)
    expect((pull.head as Obj).ref).toBe(HOSTILE_BRANCHES.tableRow)
    expect(pull.title).toContain('::set-output')
  })
})

describe('malformed answers', () => {
  it('are off by default: every endpoint answers what the description allows', async () => {
    for (const endpoint of ENDPOINTS) {
      expect(validators[endpoint](await json(PATHS[endpoint]))).toBe(true)
    }
  })

  it('knows its endpoints by path', () => {
    expect(malformedEndpointOf('GET', '/repositories/1/actions/runs/5/artifacts')).toBe(
      'artifact-list'
    )
    expect(malformedEndpointOf('GET', '/repos/o/r/actions/workflows/ci.yml/runs')).toBe('run-list')
    expect(malformedEndpointOf('GET', '/repos/o/r/actions/artifacts/5/zip')).toBeUndefined()
    expect(malformedEndpointOf('DELETE', '/repos/o/r/actions/artifacts/5')).toBeUndefined()
  })

  it.each(ENDPOINTS)('html and invalid JSON on a 200 (%s)', async (endpoint) => {
    for (const kind of ['html', 'invalid-json'] as const) {
      const m = installMalformed(emu, { kind, endpoints: [endpoint] })
      try {
        const r = await call(emu.url, PATHS[endpoint])
        expect(r.status).toBe(200)
        expect(() => JSON.parse(r.body) as unknown).toThrow(SyntaxError)
        expect(r.headers.get('content-type')).toMatch(kind === 'html' ? /^text\/html/ : /json/)
        expect(m.served[endpoint]).toBe(1)
      } finally {
        m.remove()
      }
    }
  })

  /** What each kind does to the damaged item (the list's first, or the resource itself). */
  const itemChecks: [MalformedKind, (item: Obj, endpoint: MalformedEndpoint) => void][] = [
    [
      'string-null',
      (item, e) => {
        if (e === 'pull') expect((item.head as Obj).ref).toBeNull()
        else expect(item[e.startsWith('run') ? 'head_sha' : 'name']).toBeNull()
      }
    ],
    ['date-not-a-date', (item) => expect(item.created_at).toBe('yesterday')],
    [
      'negative-size',
      (item, e) =>
        expect(
          item[e.startsWith('run') ? 'run_number' : e === 'pull' ? 'commits' : 'size_in_bytes']
        ).toBe(-5e20)
    ],
    ['string-id', (item, e) => expect(typeof item[e === 'pull' ? 'number' : 'id']).toBe('string')]
  ]

  it.each(itemChecks)('%s: on every endpoint, only the item chosen', async (kind, check) => {
    for (const endpoint of ENDPOINTS) {
      const honest = await json(PATHS[endpoint])
      const m = installMalformed(emu, { kind, endpoints: [endpoint] })
      try {
        const body = await json(PATHS[endpoint])
        // the description sets no minimum for sizes or counts: -5e20 is a valid integer there,
        // which is why the action checks for more than the description does
        expect(validators[endpoint](body)).toBe(kind === 'negative-size')
        const list = (body.artifacts ?? body.workflow_runs) as Obj[] | undefined
        check(list ? list[0] : body, endpoint)
        // only the chosen item is damaged
        if (list)
          expect(list.slice(1)).toEqual(
            ((honest.artifacts ?? honest.workflow_runs) as Obj[]).slice(1)
          )
      } finally {
        m.remove()
      }
    }
  })

  it('list-null: the list is null; a single resource is null', async () => {
    const m = installMalformed(emu, { kind: 'list-null' })
    try {
      expect((await json(PATHS['artifact-list'])).artifacts).toBeNull()
      expect((await json(PATHS['run-list'])).workflow_runs).toBeNull()
      expect(await json(PATHS.run)).toBeNull()
    } finally {
      m.remove()
    }
  })

  it.each([1e12, 1e8])('total_count: %d on every page, the pages themselves honest', async (n) => {
    const m = installMalformed(emu, { kind: 'total-count', totalCount: n })
    try {
      for (const endpoint of ['artifact-list', 'run-list'] as const) {
        const body = await json(PATHS[endpoint])
        expect(body.total_count).toBe(n)
        expect(((body.artifacts ?? body.workflow_runs) as Obj[]).length).toBe(5)
      }
    } finally {
      m.remove()
    }
  })

  it('always-full: every page is full, of fresh ids, and links a next page', async () => {
    for (const endpoint of ['artifact-list', 'run-list'] as const) {
      const m = installMalformed(emu, { kind: 'always-full', endpoints: [endpoint] })
      try {
        const ids = new Set<unknown>()
        let url: string | undefined = PATHS[endpoint]
        for (let page = 1; page <= 12; page++) {
          const r = await call(emu.url, url ?? '')
          const items = r.json<Obj>()[
            endpoint === 'run-list' ? 'workflow_runs' : 'artifacts'
          ] as Obj[]
          expect(items).toHaveLength(5)
          for (const item of items) ids.add(item.id)
          url = parseLink(r.headers.get('link')).next
          expect(url).toContain(`page=${page + 1}`)
        }
        expect(ids.size).toBe(60)
        expect(Math.max(...[...ids].map(Number))).toBeGreaterThanOrEqual(PHANTOM_ID_BASE)
        expect(m.served[endpoint]).toBe(12)
      } finally {
        m.remove()
      }
    }
  })

  it('pages: only the pages chosen; errors and other endpoints pass untouched; remove() ends it', async () => {
    const m = installMalformed(emu, { kind: 'html', pages: [2], endpoints: ['artifact-list'] })
    try {
      expect(Array.isArray((await json(PATHS['artifact-list'])).artifacts)).toBe(true)
      const page2 = await call(emu.url, `${PATHS['artifact-list']}&page=2`)
      expect(page2.body).toMatch(/^<!DOCTYPE html>/)
      expect(validators['run-list'](await json(PATHS['run-list']))).toBe(true)
      const missing = await call(emu.url, `/repos/${REPO}/actions/runs/1/artifacts`)
      expect(missing.status).toBe(404)
      expect(missing.json<Obj>().message).toBe('Not Found')
    } finally {
      m.remove()
    }
    const after = await call(emu.url, `${PATHS['artifact-list']}&page=2`)
    expect(validators['artifact-list'](after.json())).toBe(true)
  })
})
