/** GET /rate_limit: the caller's budgets; does not count against them. */
import type { ApiContext } from '../context.js'
import { sendJson } from '../http.js'
import type { Router } from '../router.js'
import type { RateLimitState } from '../types.js'

export const ANONYMOUS_LIMIT = 60

function fixed(limit: number, now: number): RateLimitState {
  return { limit, used: 0, remaining: limit, reset: Math.ceil(now / 1000) + 3600 }
}

function getRateLimit(ctx: ApiContext): void {
  const core = ctx.auth ? ctx.budgets.peek(ctx.budgetOf(ctx.auth)) : fixed(ANONYMOUS_LIMIT, ctx.now)
  const authed = ctx.auth !== null
  sendJson(ctx, 200, {
    resources: {
      core,
      search: fixed(authed ? 30 : 10, ctx.now),
      graphql: fixed(authed ? 5000 : 0, ctx.now),
      integration_manifest: fixed(5000, ctx.now),
      source_import: fixed(authed ? 100 : 5, ctx.now),
      code_scanning_upload: fixed(authed ? 1000 : 60, ctx.now),
      actions_runner_registration: fixed(authed ? 10000 : 60, ctx.now),
      scim: fixed(authed ? 15000 : 60, ctx.now),
      dependency_snapshots: fixed(authed ? 100 : 60, ctx.now),
      code_search: fixed(authed ? 10 : 60, ctx.now)
    },
    rate: core
  })
}

export function registerRateLimitRoutes(router: Router<ApiContext>): void {
  router.add('GET', '/rate_limit', getRateLimit, { counted: false, anonymous: true })
}
