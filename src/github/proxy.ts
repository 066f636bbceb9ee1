/**
 * Proxies, as the runner sets them: every request of the action, API and blob alike, goes through
 * `HTTPS_PROXY` / `HTTP_PROXY` unless `NO_PROXY` names its host (lower-case forms first, loopback
 * never proxied). Which proxy a URL takes is decided by the toolkit's own rules
 * (`@actions/http-client`'s `getProxyUrl`, what `@actions/github` and `@actions/artifact` use).
 * API requests (Octokit's fetch) go through undici's `ProxyAgent` with undici's own `fetch` (one
 * undici for both, as `@actions/github`'s `getProxyFetch` does); blob downloads (`node:http(s)`)
 * through `@actions/http-client`'s tunnelling agent. Either way a CONNECT tunnel.
 * The proxy sees only the tunnel: a `Proxy-Authorization` header is sent only when the proxy URL
 * itself carries credentials, and no request header (the API token included) is ever added to
 * the CONNECT request.
 */
import type { Agent } from 'node:http'
import { HttpClient } from '@actions/http-client'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { type Dispatcher, ProxyAgent, fetch as undiciFetch } from 'undici'

const agents = new Map<string, ProxyAgent>()

/** The proxy's dispatcher for a URL, or undefined when the URL is fetched directly. */
export function proxyDispatcher(url: string | URL): Dispatcher | undefined {
  const proxy = getProxyUrl(new URL(url))
  if (!proxy?.hostname) return undefined
  const key = proxy.href
  let agent = agents.get(key)
  if (!agent) {
    const credentials = proxy.username || proxy.password
    agent = new ProxyAgent({
      uri: `${proxy.protocol}//${proxy.host}`,
      ...(credentials
        ? {
            token: `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`
          }
        : {})
    })
    agents.set(key, agent)
  }
  return agent
}

/**
 * `fetch` that honours the proxy variables for each request's own URL (NO_PROXY is per host, so
 * the API and the blob host may differ). Same signature as the global `fetch`.
 */
export const proxyAwareFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' || input instanceof URL ? input : input.url
  const dispatcher = proxyDispatcher(url)
  const options = { ...(init as object), ...(dispatcher ? { dispatcher } : {}) }
  return undiciFetch(
    input as Parameters<typeof undiciFetch>[0],
    options as Parameters<typeof undiciFetch>[1]
  ) as unknown as Promise<Response>
}

const tunnels = new Map<string, Agent>()

/**
 * The `node:http(s)` agent for a URL behind a proxy, or undefined when it is fetched directly:
 * `@actions/http-client`'s own tunnelling agent (`getAgent`, what `@actions/artifact` downloads
 * blobs with: a CONNECT tunnel through the proxy, TLS to the host inside it). Blob downloads use
 * it (src/download/fetch-blob.ts sends `http(s).get`).
 */
export function proxyAgent(url: string | URL): Agent | undefined {
  const target = new URL(url)
  const proxy = getProxyUrl(target)
  if (!proxy?.hostname) return undefined
  const key = `${target.protocol} ${proxy.href}`
  let agent = tunnels.get(key)
  if (!agent) {
    agent = new HttpClient('artifact-keeper').getAgent(target.href)
    tunnels.set(key, agent)
  }
  return agent
}

/** Whether a URL would go through a proxy (for the log: which way a request went). */
export function usesProxy(url: string | URL): boolean {
  return getProxyUrl(new URL(url)) !== undefined
}
