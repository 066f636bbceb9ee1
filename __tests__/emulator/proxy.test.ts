/**
 * A separate blob host that only a forward proxy can reach, the API under a name too, and the
 * proxy (CONNECT tunnels and absolute-form requests) recording what went through it.
 */
import { request, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import {
  startEmulator,
  startForwardProxy,
  type Emulator,
  type ForwardProxy
} from '../../emulator/index.js'
import { call, DAY, NOW, parseLink, READ, REPO, seed } from './helpers.js'

interface Answer {
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}

function collect(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
    )
    res.on('error', reject)
  })
}

/** GET in absolute form through the proxy (what http clients do for http:// targets). */
function viaAbsoluteForm(
  proxy: string,
  url: string,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const p = new URL(proxy)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: p.hostname,
        port: p.port,
        method: 'GET',
        path: url,
        headers: { host: new URL(url).host, ...headers }
      },
      (res) => collect(res).then(resolve, reject)
    )
    req.on('error', reject)
    req.end()
  })
}

/** GET through a CONNECT tunnel (what undici's ProxyAgent does for every target). */
function viaConnect(
  proxy: string,
  url: string,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const p = new URL(proxy)
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const connect = request({
      host: p.hostname,
      port: p.port,
      method: 'CONNECT',
      path: `${target.hostname}:${target.port}`
    })
    connect.on('connect', (res: IncomingMessage, socket: Socket) => {
      if (res.statusCode !== 200) {
        socket.destroy()
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) })
        return
      }
      const req = request(
        {
          createConnection: () => socket,
          path: target.pathname + target.search,
          headers: { host: target.host, connection: 'close', ...headers }
        },
        (r) => collect(r).then(resolve, reject)
      )
      req.on('error', reject)
      req.end()
    })
    connect.on('error', reject)
    connect.end()
  })
}

const CONTENT = Buffer.from('not a zip, served as it is\n'.repeat(50))

let emu: Emulator
let proxy: ForwardProxy
beforeAll(async () => {
  emu = await startEmulator({
    now: () => NOW,
    blobHost: 'blobs.emulator.invalid',
    apiHost: 'api.emulator.invalid'
  })
  emu.addRepository(REPO, [
    seed(1, 'a', NOW - DAY, { content: CONTENT }),
    ...Array.from({ length: 40 }, (_, i) => seed(10 + i, `n${i}`, NOW - 2 * DAY))
  ])
  proxy = await startForwardProxy({ hosts: emu.hosts })
})
afterAll(async () => {
  await proxy.close()
  await emu.close()
})

describe('a blob host reachable only through a forward proxy', () => {
  it('names the hosts only the proxy resolves', () => {
    const port = new URL(emu.url).port
    expect(emu.apiUrl).toBe(`http://api.emulator.invalid:${port}`)
    expect(emu.hosts).toEqual({
      'api.emulator.invalid': '127.0.0.1',
      'blobs.emulator.invalid': '127.0.0.1'
    })
  })

  it('serves the API and the blob through the proxy, in both forms, and records them', async () => {
    proxy.requests.length = 0
    const auth = { authorization: `Bearer ${READ}` }
    const zip = `${emu.apiUrl}/repos/${REPO}/actions/artifacts/1/zip`
    const redirect = await viaAbsoluteForm(proxy.url, zip, auth)
    expect(redirect.status).toBe(302)
    const location = new URL(String(redirect.headers.location))
    expect(location.hostname).toBe('blobs.emulator.invalid')
    expect(location.port).not.toBe(new URL(emu.url).port) // a listener of its own

    const tunnelled = await viaConnect(proxy.url, location.href)
    expect(tunnelled.status).toBe(200)
    expect(tunnelled.body.equals(CONTENT)).toBe(true)
    const plain = await viaAbsoluteForm(proxy.url, location.href)
    expect(plain.status).toBe(200)
    expect(plain.body.equals(CONTENT)).toBe(true)
    const apiTunnel = await viaConnect(
      proxy.url,
      `${emu.apiUrl}/repos/${REPO}/actions/artifacts/1`,
      auth
    )
    expect(apiTunnel.status).toBe(200)

    expect(proxy.requests.map((r) => [r.method, r.hostname])).toEqual([
      ['GET', 'api.emulator.invalid'],
      ['CONNECT', 'blobs.emulator.invalid'],
      ['GET', 'blobs.emulator.invalid'],
      ['CONNECT', 'api.emulator.invalid']
    ])
    const blobs = emu.requests.filter((r) => r.kind === 'blob')
    expect(blobs.map((r) => [r.status, r.authorization])).toEqual([
      [200, false],
      [200, false]
    ])
  })

  it('links answers to the host a request was sent to', async () => {
    const viaName = await viaAbsoluteForm(
      proxy.url,
      `${emu.apiUrl}/repos/${REPO}/actions/artifacts?per_page=10`,
      { authorization: `Bearer ${READ}` }
    )
    const next = parseLink(viaName.headers.link as string).next
    expect(new URL(next).host).toBe(new URL(emu.apiUrl).host)
    const body = JSON.parse(viaName.body.toString()) as { artifacts: { url: string }[] }
    expect(new URL(body.artifacts[0].url).host).toBe(new URL(emu.apiUrl).host)
    // asked at 127.0.0.1, links stay there
    const direct = await call(emu.url, `/repos/${REPO}/actions/artifacts?per_page=10`)
    expect(new URL(parseLink(direct.headers.get('link')).next).host).toBe(new URL(emu.url).host)
  })

  it('cannot be reached without the proxy', async () => {
    const redirect = await call(emu.url, `/repos/${REPO}/actions/artifacts/1/zip`)
    const location = String(redirect.headers.get('location'))
    expect(new URL(location).hostname).toBe('blobs.emulator.invalid')
    await expect(fetch(location)).rejects.toThrow()
    // the API host serves no blobs when there is a blob host
    const onApi = await call(emu.url, new URL(location).pathname + new URL(location).search, READ)
    expect(onApi.status).toBe(404)
  })
})
