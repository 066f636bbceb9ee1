import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  createZip,
  readZipDirectory,
  readZipEntry,
  startEmulator,
  type Emulator,
  type WireArtifact
} from '../../emulator/index.js'
import { call, DAY, NOW, READ, REPO, REPO_ID, seed, WRITE } from './helpers.js'

const ZIP = createZip([
  { name: 'report/index.html', data: Buffer.from('<html>'.repeat(5000)), mtime: new Date(NOW) },
  { name: 'report/data.json', data: Buffer.from(JSON.stringify({ ok: true, n: [1, 2, 3] })) },
  { name: 'ünïcode.txt', data: Buffer.from('名前\n') }
])
const ZIP_DIGEST = 'sha256:' + createHash('sha256').update(ZIP).digest('hex')

/** 5 MiB served from a stream, never held whole */
const CHUNK = Buffer.alloc(65536, 'stream me ')
const BIG_SIZE = 80 * CHUNK.length
const BIG_DIGEST = (() => {
  const h = createHash('sha256')
  for (let i = 0; i < 80; i++) h.update(CHUNK)
  return 'sha256:' + h.digest('hex')
})()
function bigStream(): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < 80; i++) yield CHUNK
    })()
  )
}

describe('artifact endpoints', () => {
  let emu: Emulator
  let clock = NOW
  let base: string
  const path = (id: number | string, suffix = ''): string =>
    `/repos/${REPO}/actions/artifacts/${id}${suffix}`

  beforeEach(async () => {
    clock = NOW
    emu = await startEmulator({
      now: () => clock,
      tokens: {
        [READ]: 'read',
        [WRITE]: 'write',
        ghs_other_repo: { permission: 'write', repositories: ['someone/else'] }
      }
    })
    base = emu.url
    emu.addRepository(
      REPO,
      [
        seed(1, 'report', NOW - DAY, { content: ZIP }),
        seed(2, 'old', NOW - 100 * DAY), // expires_at passed: expired
        seed(3, 'soon', NOW - 89 * DAY), // expires in one day
        seed(4, 'legacy', NOW - 2 * DAY, { digest: null }),
        seed(5, 'lying', NOW - 2 * DAY, { digest: 'sha256:' + '0'.repeat(64) }),
        seed(6, 'lazy', NOW - 3 * DAY, {
          content: () => ZIP,
          size: ZIP.length,
          digest: ZIP_DIGEST
        }),
        seed(7, '名前 "report"', NOW - 3 * DAY, { content: ZIP }),
        {
          ...seed(8, 'big', NOW - 3 * DAY, { size: BIG_SIZE, digest: BIG_DIGEST }),
          stream: bigStream
        }
      ],
      { id: REPO_ID }
    )
    emu.addRepository('someone/else', [seed(100, 'theirs', NOW - DAY)], { id: 42 })
  })
  afterEach(async () => {
    await emu.close()
  })

  describe('get', () => {
    it('serves the artifact in wire form, urls on the emulator host', async () => {
      const r = await call(base, path(1))
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
      const a = r.json<WireArtifact>()
      expect(a).toEqual({
        id: 1,
        node_id: Buffer.from('08:Artifact1').toString('base64'),
        name: 'report',
        size_in_bytes: ZIP.length,
        url: `${base}${path(1)}`,
        archive_download_url: `${base}${path(1, '/zip')}`,
        expired: false,
        created_at: new Date(NOW - DAY).toISOString().replace('.000Z', 'Z'),
        expires_at: new Date(NOW + 89 * DAY).toISOString().replace('.000Z', 'Z'),
        updated_at: new Date(NOW - DAY).toISOString().replace('.000Z', 'Z'),
        digest: ZIP_DIGEST,
        workflow_run: {
          id: 5001,
          repository_id: REPO_ID,
          head_repository_id: REPO_ID,
          head_branch: 'main',
          head_sha: '1'.padStart(40, 'a')
        }
      })
      expect(emu.listArtifacts(REPO).find((x) => x.id === 1)).toEqual(a)
    })

    it('serves null digests and seeded digests as given', async () => {
      expect((await call(base, path(4))).json<WireArtifact>().digest).toBeNull()
      expect((await call(base, path(5))).json<WireArtifact>().digest).toBe(
        'sha256:' + '0'.repeat(64)
      )
    })

    it('answers 404 for unknown, foreign and malformed ids', async () => {
      for (const id of [999, 100, 'abc', '-1', '1.5']) {
        const r = await call(base, path(id))
        expect(r.status).toBe(404)
        expect(r.json()).toEqual({
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/actions/artifacts#get-an-artifact',
          status: '404'
        })
      }
    })

    it('reports an artifact as expired once the clock passes expires_at', async () => {
      expect((await call(base, path(3))).json<WireArtifact>().expired).toBe(false)
      clock = NOW + 2 * DAY
      expect((await call(base, path(3))).json<WireArtifact>().expired).toBe(true)
      expect((await call(base, path(2))).json<WireArtifact>().expired).toBe(true)
    })
  })

  describe('auth and repositories', () => {
    it('accepts "token X" and "Bearer X"', async () => {
      for (const scheme of ['token', 'Bearer', 'bearer']) {
        const r = await call(base, path(1), null, {
          headers: { authorization: `${scheme} ${READ}` }
        })
        expect(r.status).toBe(200)
      }
    })

    it('answers 401 Bad credentials for unknown, missing or malformed credentials', async () => {
      const cases: (Record<string, string> | undefined)[] = [
        { authorization: 'Bearer ghs_nope' },
        undefined,
        { authorization: `Basic ${Buffer.from(`x:${READ}`).toString('base64')}` },
        { authorization: 'Bearer' }
      ]
      for (const headers of cases) {
        const r = await call(base, path(1), null, { headers })
        expect(r.status).toBe(401)
        expect(r.json()).toEqual({
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401'
        })
      }
    })

    it('answers 404 Not Found for an unknown repository or one the token cannot see', async () => {
      const r = await call(base, `/repos/octo-org/nope/actions/artifacts`)
      expect(r.status).toBe(404)
      expect(r.json<{ message: string }>().message).toBe('Not Found')
      const hidden = await call(base, `/repos/${REPO}/actions/artifacts`, 'ghs_other_repo')
      expect(hidden.status).toBe(404)
      const visible = await call(base, `/repos/someone/else/actions/artifacts`, 'ghs_other_repo')
      expect(visible.status).toBe(200)
    })

    it('answers 404 for unknown routes and methods', async () => {
      expect((await call(base, '/nope')).status).toBe(404)
      expect((await call(base, `/repos/${REPO}/actions/secrets`)).status).toBe(404)
      expect((await call(base, path(1), WRITE, { method: 'PATCH' })).status).toBe(404)
    })
  })

  describe('delete', () => {
    it('deletes with 204, then answers 404', async () => {
      const r = await call(base, path(1), WRITE, { method: 'DELETE' })
      expect(r.status).toBe(204)
      expect(r.body).toBe('')
      expect(emu.deletedIds(REPO)).toEqual([1])
      expect(emu.listArtifacts(REPO).map((a) => a.id)).not.toContain(1)
      expect((await call(base, path(1))).status).toBe(404)
      const again = await call(base, path(1), WRITE, { method: 'DELETE' })
      expect(again.status).toBe(404)
      expect(again.json<{ documentation_url: string }>().documentation_url).toBe(
        'https://docs.github.com/rest/actions/artifacts#delete-an-artifact'
      )
      expect(emu.deletedIds(REPO)).toEqual([1])
      const listed = await call(base, `/repos/${REPO}/actions/artifacts`)
      expect(listed.json<{ total_count: number }>().total_count).toBe(7)
    })

    it('refuses a read-only token with 403 and keeps the artifact', async () => {
      const r = await call(base, path(1), READ, { method: 'DELETE' })
      expect(r.status).toBe(403)
      expect(r.json()).toEqual({
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/actions/artifacts#delete-an-artifact',
        status: '403'
      })
      expect(emu.deletedIds(REPO)).toEqual([])
      expect((await call(base, path(1))).status).toBe(200)
    })

    it('deletes through the /repositories/{id} path too', async () => {
      const r = await call(base, `/repositories/${REPO_ID}/actions/artifacts/6`, WRITE, {
        method: 'DELETE'
      })
      expect(r.status).toBe(204)
      expect(emu.deletedIds(REPO)).toEqual([6])
    })
  })

  describe('download', () => {
    async function location(id: number): Promise<string> {
      const r = await call(base, path(id, '/zip'))
      expect(r.status).toBe(302)
      const loc = r.headers.get('location')
      expect(loc).toBeTruthy()
      return loc as string
    }

    it('redirects to a signed blob URL on the same host that serves the real zip', async () => {
      const loc = await location(1)
      expect(loc.startsWith(`${base}/_blobs/`)).toBe(true)
      expect(new URL(loc).searchParams.get('sig')).toMatch(/^[\w-]{20,}$/)
      const res = await fetch(loc)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/zip')
      expect(res.headers.get('content-length')).toBe(String(ZIP.length))
      const bytes = Buffer.from(await res.arrayBuffer())
      expect('sha256:' + createHash('sha256').update(bytes).digest('hex')).toBe(ZIP_DIGEST)
      // a zip: local header signature first, a central directory that lists every entry
      expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
      const entries = readZipDirectory(bytes)
      expect(entries.map((e) => e.name)).toEqual([
        'report/index.html',
        'report/data.json',
        'ünïcode.txt'
      ])
      expect(readZipEntry(bytes, entries[2]).toString()).toBe('名前\n')
      // the blob request did not count against the rate limit; the 302 did
      expect(emu.rateLimit(READ).used).toBe(1)
      expect(emu.requests.map((q) => [q.kind, q.status, q.authorization])).toEqual([
        ['api', 302, true],
        ['blob', 200, false]
      ])
    })

    it('serves lazy content', async () => {
      const res = await fetch(await location(6))
      expect(Buffer.from(await res.arrayBuffer()).equals(ZIP)).toBe(true)
    })

    it('streams stream-backed artifacts and copes with non-ASCII names', async () => {
      const res = await fetch(await location(8))
      expect(res.headers.get('content-length')).toBe(String(BIG_SIZE))
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(bytes.length).toBe(BIG_SIZE)
      expect('sha256:' + createHash('sha256').update(bytes).digest('hex')).toBe(BIG_DIGEST)
      const named = await fetch(await location(7))
      expect(named.status).toBe(200)
      expect(named.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('名前 "report"')}.zip`
      )
      expect(Buffer.from(await named.arrayBuffer()).equals(ZIP)).toBe(true)
    })

    it('refuses a stream-backed seed without size and digest', () => {
      expect(() =>
        emu.addArtifacts(REPO, [{ ...seed(9, 'nosize', NOW), stream: bigStream }])
      ).toThrow(/size_in_bytes and digest/)
    })

    it('rejects a blob request that carries Authorization with 400 and counts it', async () => {
      const loc = await location(1)
      const res = await fetch(loc, { headers: { authorization: `Bearer ${READ}` } })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('<Code>InvalidAuthenticationInfo</Code>')
      expect(emu.blobAuthorizationAttempts).toBe(1)
      // which is what a client gets when it lets fetch follow the redirect with its token
      const followed = await call(base, path(1, '/zip'), READ, { redirect: 'follow' })
      expect(followed.status).toBe(400)
      expect(emu.blobAuthorizationAttempts).toBe(2)
      emu.resetRequests()
      expect(emu.blobAuthorizationAttempts).toBe(0)
      expect(emu.requests).toEqual([])
    })

    it('answers 403 AuthenticationFailed once the signed URL has expired', async () => {
      const loc = await location(1)
      clock = NOW + 59000
      expect((await fetch(loc)).status).toBe(200)
      clock = NOW + 60000
      const res = await fetch(loc)
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toBe('application/xml')
      const text = await res.text()
      expect(text).toContain('<Code>AuthenticationFailed</Code>')
      expect(text).toContain('Signed expiry time')
      // a fresh URL works again
      expect((await fetch(await location(1))).status).toBe(200)
    })

    it('answers 403 for a tampered signature or a URL for another blob', async () => {
      const loc = new URL(await location(1))
      const sig = loc.searchParams.get('sig') as string
      loc.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))
      expect((await fetch(loc)).status).toBe(403)
      const other = new URL(await location(1))
      other.pathname = other.pathname.replace(/\/1$/, '/3')
      expect((await fetch(other)).status).toBe(403)
      const bare = new URL(await location(1))
      bare.search = ''
      expect((await fetch(bare)).status).toBe(403)
    })

    it('answers 410 for an expired artifact', async () => {
      const r = await call(base, path(2, '/zip'))
      expect(r.status).toBe(410)
      expect(r.json()).toEqual({
        message: 'Artifact has expired',
        documentation_url: 'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
        status: '410'
      })
      clock = NOW + 2 * DAY // artifact 3 expires on the way
      expect((await call(base, path(3, '/zip'))).status).toBe(410)
    })

    it('answers 404 for other archive formats and unknown artifacts', async () => {
      expect((await call(base, path(1, '/tar'))).status).toBe(404)
      expect((await call(base, path(999, '/zip'))).status).toBe(404)
    })

    it('answers 404 for a blob whose artifact was deleted after the URL was signed', async () => {
      const loc = await location(1)
      expect((await call(base, path(1), WRITE, { method: 'DELETE' })).status).toBe(204)
      const res = await fetch(loc)
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('<Code>BlobNotFound</Code>')
    })
  })

  it('records every request with method, path, query, status and authorization', async () => {
    emu.resetRequests()
    await call(base, `/repos/${REPO}/actions/artifacts?per_page=2&name=x`)
    await call(base, path(1), WRITE, { method: 'DELETE' })
    await call(base, path(1), null)
    expect(emu.requests).toEqual([
      {
        method: 'GET',
        path: `/repos/${REPO}/actions/artifacts`,
        query: { per_page: '2', name: 'x' },
        status: 200,
        authorization: true,
        at: NOW,
        kind: 'api'
      },
      {
        method: 'DELETE',
        path: path(1),
        query: {},
        status: 204,
        authorization: true,
        at: NOW,
        kind: 'api'
      },
      {
        method: 'GET',
        path: path(1),
        query: {},
        status: 401,
        authorization: false,
        at: NOW,
        kind: 'api'
      }
    ])
  })

  it('runs request hooks first; a hook can answer on its own', async () => {
    const remove = emu.addHook((ctx) => {
      if (ctx.kind !== 'api' || ctx.query.fail !== '1') return false
      ctx.record.status = 502
      ctx.res.writeHead(502, { 'content-type': 'text/plain' })
      ctx.res.end('bad gateway')
      return true
    })
    expect((await call(base, `${path(1)}?fail=1`)).status).toBe(502)
    expect((await call(base, path(1))).status).toBe(200)
    expect(emu.rateLimit(READ).used).toBe(1) // the faked 502 never reached the rate limit
    remove()
    expect((await call(base, `${path(1)}?fail=1`)).status).toBe(200)
  })
})
