import { startEmulator, type Emulator } from '../../emulator/index.js'
import {
  call,
  NOW,
  pagingFixture,
  parseLink,
  READ,
  REPO,
  REPO_ID,
  type ListBody
} from './helpers.js'

const fixture = pagingFixture()
/** the order GitHub serves: created_at desc, then id desc */
const expectedOrder = [...fixture]
  .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)
  .map((a) => a.id)

describe('artifact lists: paging, Link headers, filters', () => {
  let emu: Emulator
  let base: string
  const list = `/repos/${REPO}/actions/artifacts`
  const linkBase = (): string => `${base}/repositories/${REPO_ID}/actions/artifacts`

  beforeAll(async () => {
    emu = await startEmulator({ now: () => NOW })
    base = emu.url
    emu.addRepository(REPO, fixture, { id: REPO_ID })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('serves 30 per page by default, newest first, with next and last links', async () => {
    const r = await call(base, list)
    expect(r.status).toBe(200)
    const body = r.json<ListBody>()
    expect(body.total_count).toBe(250)
    expect(body.artifacts.map((a) => a.id)).toEqual(expectedOrder.slice(0, 30))
    expect(r.headers.get('link')).toBe(
      `<${linkBase()}?page=2>; rel="next", <${linkBase()}?page=9>; rel="last"`
    )
  })

  it('orders by created_at before id, and breaks created_at ties by id descending', () => {
    // the fixture's oldest artifacts have the highest ids; ids 101-110 share a timestamp
    expect(expectedOrder.slice(-10)).toEqual([250, 249, 248, 247, 246, 245, 244, 243, 242, 241])
    const tie = expectedOrder.indexOf(110)
    expect(expectedOrder.slice(tie, tie + 10)).toEqual([
      110, 109, 108, 107, 106, 105, 104, 103, 102, 101
    ])
  })

  it('clamps per_page to 100', async () => {
    const r = await call(base, `${list}?per_page=500`)
    const body = r.json<ListBody>()
    expect(body.artifacts).toHaveLength(100)
    expect(body.total_count).toBe(250)
    expect(r.headers.get('link')).toBe(
      `<${linkBase()}?per_page=500&page=2>; rel="next", <${linkBase()}?per_page=500&page=3>; rel="last"`
    )
  })

  it('gives prev, next, last and first on a middle page, in GitHub’s order', async () => {
    const r = await call(base, `${list}?per_page=100&page=2`)
    expect(r.json<ListBody>().artifacts.map((a) => a.id)).toEqual(expectedOrder.slice(100, 200))
    const l = linkBase()
    expect(r.headers.get('link')).toBe(
      `<${l}?per_page=100&page=1>; rel="prev", <${l}?per_page=100&page=3>; rel="next", ` +
        `<${l}?per_page=100&page=3>; rel="last", <${l}?per_page=100&page=1>; rel="first"`
    )
  })

  it('gives only prev and first on the last page, and an empty page past the end', async () => {
    const last = await call(base, `${list}?page=3&per_page=100`)
    expect(last.json<ListBody>().artifacts.map((a) => a.id)).toEqual(expectedOrder.slice(200))
    const l = linkBase()
    expect(last.headers.get('link')).toBe(
      `<${l}?page=2&per_page=100>; rel="prev", <${l}?page=1&per_page=100>; rel="first"`
    )
    const past = await call(base, `${list}?page=4&per_page=100`)
    expect(past.status).toBe(200)
    expect(past.json<ListBody>()).toEqual({ total_count: 250, artifacts: [] })
  })

  it('falls back to the defaults for junk page parameters', async () => {
    for (const q of ['per_page=0', 'per_page=abc', 'per_page=-5']) {
      const r = await call(base, `${list}?${q}`)
      expect(r.json<ListBody>().artifacts).toHaveLength(30)
    }
    const r = await call(base, `${list}?page=0&per_page=10`)
    expect(r.json<ListBody>().artifacts.map((a) => a.id)).toEqual(expectedOrder.slice(0, 10))
  })

  it('walks every artifact exactly once by following rel="next"', async () => {
    const seen: number[] = []
    let url: string | undefined = `${base}${list}?per_page=7`
    let pages = 0
    while (url) {
      const r = await call(base, url)
      expect(r.status).toBe(200)
      seen.push(...r.json<ListBody>().artifacts.map((a) => a.id))
      url = parseLink(r.headers.get('link')).next
      pages++
    }
    expect(pages).toBe(36)
    expect(seen).toEqual(expectedOrder)
  })

  it('keeps the other query parameters, in order, in every link', async () => {
    const r = await call(base, `${list}?name=build&per_page=5&x=1`)
    const body = r.json<ListBody>()
    const builds = fixture.filter((a) => a.name === 'build')
    expect(body.total_count).toBe(builds.length)
    expect(body.artifacts.every((a) => a.name === 'build')).toBe(true)
    const links = parseLink(r.headers.get('link'))
    expect(links.next).toBe(`${linkBase()}?name=build&per_page=5&x=1&page=2`)
    expect(links.last).toBe(
      `${linkBase()}?name=build&per_page=5&x=1&page=${Math.ceil(builds.length / 5)}`
    )
  })

  it('filters by exact, case-sensitive name', async () => {
    for (const name of ['build', 'Build', 'build-linux', 'coverage']) {
      const r = await call(base, `${list}?name=${name}&per_page=100`)
      const body = r.json<ListBody>()
      const expected = expectedOrder.filter((id) => fixture.find((a) => a.id === id)?.name === name)
      expect(body.total_count).toBe(expected.length)
      expect(body.artifacts.map((a) => a.id)).toEqual(expected)
    }
    const none = await call(base, `${list}?name=buil`)
    expect(none.json<ListBody>()).toEqual({ total_count: 0, artifacts: [] })
    expect(none.headers.get('link')).toBeNull()
  })

  it('has no Link header when everything fits on one page', async () => {
    const r = await call(base, `${list}?per_page=100&name=coverage`)
    expect(r.json<ListBody>().total_count).toBeLessThanOrEqual(100)
    expect(r.headers.get('link')).toBeNull()
  })

  it('serves the same list under /repositories/{id}, as the Link URLs use', async () => {
    const a = await call(base, `${list}?per_page=100&page=2`)
    const b = await call(base, `/repositories/${REPO_ID}/actions/artifacts?per_page=100&page=2`)
    expect(b.status).toBe(200)
    expect(b.body).toBe(a.body)
  })

  it('treats owner and repository names case-insensitively', async () => {
    const r = await call(base, `/repos/Octo-Org/OCTO-REPO/actions/artifacts?per_page=1`)
    expect(r.status).toBe(200)
    expect(r.json<ListBody>().total_count).toBe(250)
  })

  describe('a workflow run’s artifacts', () => {
    const runOf = (id: number): number => 7000 + Math.ceil(id / 5)

    it('lists only that run’s artifacts, newest first', async () => {
      const run = runOf(42)
      const r = await call(base, `/repos/${REPO}/actions/runs/${run}/artifacts`)
      expect(r.status).toBe(200)
      const body = r.json<ListBody>()
      const expected = expectedOrder.filter((id) => runOf(id) === run)
      expect(expected).toHaveLength(5)
      expect(body.total_count).toBe(5)
      expect(body.artifacts.map((a) => a.id)).toEqual(expected)
      expect(body.artifacts.every((a) => a.workflow_run.id === run)).toBe(true)
      expect(r.headers.get('link')).toBeNull()
    })

    it('pages with Link headers of its own and honors direction=asc and name', async () => {
      const run = runOf(42)
      const path = `/repos/${REPO}/actions/runs/${run}/artifacts`
      const r = await call(base, `${path}?per_page=2&page=2`)
      const l = `${base}/repositories/${REPO_ID}/actions/runs/${run}/artifacts`
      expect(r.headers.get('link')).toBe(
        `<${l}?per_page=2&page=1>; rel="prev", <${l}?per_page=2&page=3>; rel="next", ` +
          `<${l}?per_page=2&page=3>; rel="last", <${l}?per_page=2&page=1>; rel="first"`
      )
      const asc = await call(base, `${path}?direction=asc`)
      const expected = expectedOrder.filter((id) => runOf(id) === run)
      expect(asc.json<ListBody>().artifacts.map((a) => a.id)).toEqual([...expected].reverse())
      const name = fixture.find((a) => a.id === 42)?.name ?? ''
      const named = await call(base, `${path}?name=${name}`)
      expect(named.json<ListBody>().artifacts.map((a) => a.id)).toEqual([42])
    })

    it('answers 404 for a run it does not know', async () => {
      const r = await call(base, `/repos/${REPO}/actions/runs/123/artifacts`)
      expect(r.status).toBe(404)
      expect(r.json<{ message: string }>().message).toBe('Not Found')
    })
  })
})

describe('linkStyle "repos"', () => {
  it('links pages under /repos/{owner}/{repo}', async () => {
    const emu = await startEmulator({ now: () => NOW, linkStyle: 'repos' })
    try {
      emu.addRepository(REPO, pagingFixture())
      const r = await call(emu.url, `/repos/${REPO}/actions/artifacts`, READ)
      expect(parseLink(r.headers.get('link')).next).toBe(
        `${emu.url}/repos/${REPO}/actions/artifacts?page=2`
      )
    } finally {
      await emu.close()
    }
  })
})

describe('repositories that share an id', () => {
  it('keep their own lists, links and downloads', async () => {
    const emu = await startEmulator({ now: () => NOW })
    try {
      const fixture = pagingFixture()
      emu.addRepository(REPO, fixture, { id: REPO_ID })
      emu.addRepository('octo-org/copy', fixture.slice(0, 40), { id: REPO_ID })
      expect(emu.repositoryId('octo-org/copy')).toBe(REPO_ID)
      const first = await call(emu.url, `/repos/${REPO}/actions/artifacts`)
      expect(parseLink(first.headers.get('link')).next).toBe(
        `${emu.url}/repositories/${REPO_ID}/actions/artifacts?page=2`
      )
      const copy = await call(emu.url, `/repos/octo-org/copy/actions/artifacts`)
      expect(copy.json<ListBody>().total_count).toBe(40)
      const next = parseLink(copy.headers.get('link')).next
      expect(next).toBe(`${emu.url}/repos/octo-org/copy/actions/artifacts?page=2`)
      expect((await call(emu.url, next)).json<ListBody>().artifacts).toHaveLength(10)
      // a download from the copy serves the copy's artifact, not the first repository's
      await call(emu.url, `/repos/${REPO}/actions/artifacts/1`, 'ghs_write_token', {
        method: 'DELETE'
      })
      const zip = await call(emu.url, `/repos/octo-org/copy/actions/artifacts/1/zip`)
      expect(zip.status).toBe(302)
      const blob = await fetch(zip.headers.get('location') as string)
      expect(blob.status).toBe(200)
      expect(emu.deletedIds(REPO)).toEqual([1])
      expect(emu.deletedIds('octo-org/copy')).toEqual([])
    } finally {
      await emu.close()
    }
  })
})
