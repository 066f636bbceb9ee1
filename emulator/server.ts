/**
 * The HTTP server: records every request, runs request hooks, then sends blob requests to the blob
 * store and API requests through authentication, the primary rate limit and the router.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { BLOB_PREFIX, BlobSigner, handleBlob } from './blobs.js'
import type { ApiContext, TokenInfo } from './context.js'
import { DOCS, sendError } from './http.js'
import { RateLimiter, rateLimitHeaders } from './ratelimit.js'
import { Router } from './router.js'
import { registerArtifactRoutes } from './routes/artifacts.js'
import { ANONYMOUS_LIMIT, registerRateLimitRoutes } from './routes/rate-limit.js'
import { registerRunRoutes } from './routes/runs.js'
import type { Store } from './state.js'
import type { EmulatorOptions, RecordedRequest, RequestContext, RequestHook } from './types.js'

export const DEFAULT_TOKENS = { ghs_write_token: 'write', ghs_read_token: 'read' } as const

export interface ServerState {
  store: Store
  requests: RecordedRequest[]
  hooks: RequestHook[]
  blobAuthorizationAttempts: number
  limiter: RateLimiter
}

export interface RunningServer {
  url: string
  close(): Promise<void>
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
      installationId: s.installationId ?? 40000000 + n
    })
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
  let baseUrl = ''
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
      if (match?.options.counted === false) {
        Object.assign(ctx.headers, rateLimitHeaders(ctx.limiter.peek(info.token)))
      } else {
        const { allowed, state: rl } = ctx.limiter.consume(info.token)
        Object.assign(ctx.headers, rateLimitHeaders(rl))
        if (!allowed) {
          sendError(
            ctx,
            403,
            `API rate limit exceeded for installation ID ${info.installationId}.`,
            DOCS.rateLimit
          )
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now()
    const url = new URL(req.url ?? '/', baseUrl)
    const method = (req.method ?? 'GET').toUpperCase()
    const kind = url.pathname.startsWith(BLOB_PREFIX) ? 'blob' : 'api'
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
      baseUrl,
      now: at,
      store: state.store,
      auth: null,
      signer,
      limiter: state.limiter,
      linkStyle
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
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
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
  const { port } = server.address() as AddressInfo
  baseUrl = `http://127.0.0.1:${port}`
  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        for (const socket of sockets) socket.destroy()
      })
  }
}
