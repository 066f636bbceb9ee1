/**
 * The HTTP server: records every request, runs request hooks, then sends blob requests to the blob
 * store and API requests through authentication, the primary rate limit and the router.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { BLOB_PREFIX, BlobSigner, handleBlob } from './blobs.js'
import {
  budgetOf,
  type BudgetRef,
  type Budgets,
  exceededMessage,
  GITHUB_TOKEN_LIMIT
} from './budgets.js'
import type { ApiContext, Behaviour, TokenInfo } from './context.js'
import { DOCS, sendError } from './http.js'
import { RateLimiter, rateLimitHeaders } from './ratelimit.js'
import { Router } from './router.js'
import { registerArtifactRoutes } from './routes/artifacts.js'
import { ANONYMOUS_LIMIT, registerRateLimitRoutes } from './routes/rate-limit.js'
import { registerRepoListRoutes } from './routes/repo-lists.js'
import { registerRunRoutes } from './routes/runs.js'
import { registerTagRoutes } from './routes/tags.js'
import type { Store } from './state.js'
import type { EmulatorOptions, RecordedRequest, RequestContext, RequestHook } from './types.js'

export const DEFAULT_TOKENS = { ghs_write_token: 'write', ghs_read_token: 'read' } as const

export interface ServerState {
  store: Store
  requests: RecordedRequest[]
  hooks: RequestHook[]
  blobAuthorizationAttempts: number
  budgets: Budgets
}

export interface RunningServer {
  url: string
  /** the API under opts.apiHost (or url) */
  apiUrl: string
  /** host names only a proxy resolves -> the address serving them */
  hosts: Record<string, string>
  /**
   * The budget of a token, or the GITHUB_TOKEN budget of a repository (`owner/repo`); an unknown
   * token gets the budget it would have with no kind.
   */
  budgetFor(who: string): BudgetRef
  close(): Promise<void>
}

const UNKNOWN: TokenInfo = {
  token: '',
  permission: 'read',
  installationId: 0,
  login: 'octocat',
  enterprise: false,
  installationUsers: 0
}

function resolveTokens(opts: EmulatorOptions): Map<string, TokenInfo> {
  const tokens = new Map<string, TokenInfo>()
  let n = 0
  for (const [token, spec] of Object.entries(opts.tokens ?? DEFAULT_TOKENS)) {
    n++
    const s = typeof spec === 'string' ? { permission: spec } : spec
    tokens.set(token, {
      token,
      permission: s.permission,
      repositories: s.repositories && new Set(s.repositories.map((r) => r.toLowerCase())),
      installationId: s.installationId ?? 40000000 + n,
      kind: s.kind,
      permissions: s.permissions,
      login: s.login ?? 'octocat',
      enterprise: s.enterprise ?? false,
      installationUsers: s.installationUsers ?? 0,
      rateLimit: s.rateLimit
    })
    if (s.kind === 'github-token' && s.repositories?.length !== 1) {
      throw new Error(`token ${token}: a github-token sees exactly one repository`)
    }
  }
  return tokens
}

/** The token of an `Authorization: token X` or `Bearer X` header; '' for any other scheme. */
function bearer(header: string | undefined): string | null {
  if (header === undefined) return null
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header)
  return m ? m[1] : ''
}

function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [k, v] of url.searchParams) query[k] = v
  return query
}

export function buildRouter(): Router<ApiContext> {
  const router = new Router<ApiContext>()
  registerRateLimitRoutes(router)
  registerArtifactRoutes(router)
  registerRunRoutes(router)
  registerTagRoutes(router)
  registerRepoListRoutes(router)
  return router
}

export async function startServer(
  state: ServerState,
  opts: EmulatorOptions,
  now: () => number
): Promise<RunningServer> {
  const tokens = resolveTokens(opts)
  const anonymous = new RateLimiter(ANONYMOUS_LIMIT, 3600000, now)
  const signer = new BlobSigner(opts.blobUrlTtlMs ?? 60000, now)
  const router = buildRouter()
  const linkStyle = opts.linkStyle ?? 'repositories'
  const defaultLimit = opts.rateLimit?.limit ?? 5000
  const rateLimitStatus = opts.rateLimitStatus ?? 403
  const behaviour: Behaviour = {
    runIndexLagMs: opts.runIndexLagMs ?? 0,
    runIndexServesStale: opts.runIndexServesStale ?? false,
    omitDigest: opts.omitDigest ?? false
  }
  const tokenBudget = (info: TokenInfo): ReturnType<typeof budgetOf> =>
    budgetOf(info, defaultLimit, state.store.count())
  let baseUrl = ''
  /** the API's base under opts.apiHost ('' without it) */
  let namedApiBase = ''
  /** where signed blob URLs point ('' = baseUrl) */
  let blobBase = ''
  let requestCounter = 0

  async function api(ctx: ApiContext): Promise<void> {
    ctx.headers['x-github-api-version-selected'] = '2022-11-28'
    ctx.headers['x-github-media-type'] = 'github.v3; format=json'
    const match = router.match(ctx.method, ctx.path)
    const info = ctx.token ? tokens.get(ctx.token) : undefined
    if (!info && !(ctx.token === null && match?.options.anonymous)) {
      // unauthenticated budgets are per client address; counted, not enforced here
      const key = `anon:${ctx.req.socket.remoteAddress ?? ''}`
      Object.assign(ctx.headers, rateLimitHeaders(anonymous.consume(key, false).state))
      sendError(ctx, 401, 'Bad credentials', DOCS.root)
      return
    }
    ctx.auth = info ?? null
    if (info) {
      const budget = tokenBudget(info)
      if (match?.options.counted === false) {
        Object.assign(ctx.headers, rateLimitHeaders(ctx.budgets.peek(budget)))
      } else {
        const { allowed, state: rl } = ctx.budgets.consume(budget)
        Object.assign(ctx.headers, rateLimitHeaders(rl))
        if (!allowed) {
          sendError(ctx, rateLimitStatus, exceededMessage(budget), DOCS.rateLimit)
          return
        }
      }
    } else {
      Object.assign(
        ctx.headers,
        rateLimitHeaders(anonymous.peek(`anon:${ctx.req.socket.remoteAddress ?? ''}`))
      )
    }
    if (!match) {
      sendError(ctx, 404, 'Not Found', DOCS.root)
      return
    }
    await match.handler(ctx, match.params)
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    listener: 'api' | 'blob'
  ): Promise<void> {
    const at = now()
    // links follow the host the request was sent to when it is the API's own name
    const requestBase =
      namedApiBase && req.headers.host && `http://${req.headers.host}` === namedApiBase
        ? namedApiBase
        : baseUrl
    const url = new URL(req.url ?? '/', listener === 'blob' ? blobBase : requestBase)
    const method = (req.method ?? 'GET').toUpperCase()
    // with a separate blob host, the API host serves no blobs (its /_blobs/ answers 404)
    const kind =
      listener === 'blob' || (!blobBase && url.pathname.startsWith(BLOB_PREFIX)) ? 'blob' : 'api'
    const query = queryOf(url)
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query,
      status: 0,
      authorization: req.headers.authorization !== undefined,
      at,
      kind
    }
    state.requests.push(record)
    res.on('finish', () => {
      record.status = res.statusCode
    })
    requestCounter++
    const ctx: ApiContext = {
      kind,
      method,
      path: url.pathname,
      query,
      token: bearer(req.headers.authorization),
      req,
      res,
      record,
      headers: {},
      url,
      baseUrl: requestBase,
      now: at,
      store: state.store,
      auth: null,
      signer,
      budgets: state.budgets,
      budgetOf: tokenBudget,
      linkStyle,
      behaviour,
      blobBaseUrl: blobBase || requestBase
    }
    if (kind === 'api') {
      ctx.headers['x-github-request-id'] =
        `E${(requestCounter & 0xffff).toString(16).toUpperCase()}:${at.toString(16).toUpperCase()}`
    }
    for (const hook of state.hooks.slice()) {
      if (await hook(ctx as RequestContext)) return
    }
    if (kind === 'blob') {
      await handleBlob(ctx, {
        store: state.store,
        signer,
        now,
        onAuthorizationAttempt: () => {
          state.blobAuthorizationAttempts++
        }
      })
      return
    }
    await api(ctx)
  }

  const sockets = new Set<Socket>()
  async function listen(listener: 'api' | 'blob'): Promise<{ server: Server; port: number }> {
    const server = createServer((req, res) => {
      handle(req, res, listener).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
          res.end(JSON.stringify({ message: `emulator error: ${String(err)}` }))
        } else {
          res.destroy()
        }
      })
    })
    server.keepAliveTimeout = 5000
    server.on('connection', (socket: Socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    return { server, port: (server.address() as AddressInfo).port }
  }
  const servers: Server[] = []
  const hosts: Record<string, string> = {}
  const apiListener = await listen('api')
  servers.push(apiListener.server)
  baseUrl = `http://127.0.0.1:${apiListener.port}`
  if (opts.apiHost) {
    namedApiBase = `http://${opts.apiHost}:${apiListener.port}`
    hosts[opts.apiHost] = '127.0.0.1'
  }
  if (opts.blobHost) {
    const blob = await listen('blob')
    servers.push(blob.server)
    blobBase = `http://${opts.blobHost}:${blob.port}`
    hosts[opts.blobHost] = '127.0.0.1'
  }
  return {
    url: baseUrl,
    apiUrl: namedApiBase || baseUrl,
    hosts,
    budgetFor: (who: string): BudgetRef => {
      const info = tokens.get(who)
      if (info) return tokenBudget(info)
      const repo = state.store.get(who)
      if (!repo) return { ...tokenBudget({ ...UNKNOWN, token: who }) }
      const name = repo.fullName.toLowerCase()
      const own = [...tokens.values()].find(
        (t) => t.kind === 'github-token' && t.repositories?.has(name)
      )
      return own
        ? tokenBudget(own)
        : { key: `repo:${name}`, limit: GITHUB_TOKEN_LIMIT, subject: 'installation', subjectId: 0 }
    },
    close: async () => {
      const closing = servers.map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            server.close((err) => (err ? reject(err) : resolve()))
          })
      )
      for (const socket of sockets) socket.destroy()
      await Promise.all(closing)
    }
  }
}
