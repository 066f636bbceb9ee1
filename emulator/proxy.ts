/**
 * A forward HTTP proxy for tests (proxy-chain's Server: CONNECT tunnels and absolute-form
 * requests), which alone resolves the emulator's made-up host names (`emu.hosts`, say
 * `blobs.emulator.invalid` -> 127.0.0.1). Names ending in `.invalid` never resolve anywhere else
 * (RFC 2606), so a request that bypasses the proxy cannot succeed. Records what went through it.
 */
import type { LookupAddress, LookupOptions } from 'node:dns'
import { lookup as dnsLookup } from 'node:dns'
import { Server } from 'proxy-chain'

export interface ProxiedRequest {
  /** 'CONNECT' for a tunnel, else the method of an absolute-form request */
  method: string
  hostname: string
  port: number
  /** the request target as the client sent it (`host:port` for CONNECT) */
  target: string
  /** whether the request carried a Proxy-Authorization header */
  proxyAuthorization: boolean
}

export interface ForwardProxy {
  /** 'http://127.0.0.1:<port>': what HTTPS_PROXY / HTTP_PROXY are set to */
  url: string
  /** every request that came through, in order */
  requests: ProxiedRequest[]
  close(): Promise<void>
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number
) => void

/** dns.lookup with `hosts` answered first. */
function lookupWith(hosts: Map<string, string>) {
  return (hostname: string, options: LookupOptions | number, callback: LookupCallback): void => {
    const address = hosts.get(hostname.toLowerCase())
    if (address === undefined) {
      dnsLookup(hostname, options as LookupOptions, callback as never)
      return
    }
    const family = address.includes(':') ? 6 : 4
    if (typeof options === 'object' && options.all) callback(null, [{ address, family }])
    else callback(null, address, family)
  }
}

export async function startForwardProxy(
  opts: { hosts?: Record<string, string> } = {}
): Promise<ForwardProxy> {
  const hosts = new Map(
    Object.entries(opts.hosts ?? {}).map(([name, address]) => [name.toLowerCase(), address])
  )
  const requests: ProxiedRequest[] = []
  const lookup = lookupWith(hosts)
  const server = new Server({
    port: 0,
    host: '127.0.0.1',
    prepareRequestFunction: ({ request, hostname, port }) => {
      requests.push({
        method: request.method ?? '',
        hostname,
        port,
        target: request.url ?? '',
        proxyAuthorization: request.headers['proxy-authorization'] !== undefined
      })
      return { dnsLookup: lookup as never }
    }
  })
  await server.listen()
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    close: () => server.close(true)
  }
}
