/**
 * Fine-grained permissions per endpoint, refused the way GitHub refuses them: 403 with
 * `Resource not accessible by integration` (GITHUB_TOKEN and App installations) or
 * `Resource not accessible by personal access token` (fine-grained PATs), and the
 * `x-accepted-github-permissions` header naming what the endpoint needs (GitHub sends it to
 * fine-grained actors since 2023-08). Reads of a public repository need no permission; writes
 * always do. Archived repositories refuse every write: 403 `Repository was archived so is
 * read-only.`
 */
import type { ApiContext, TokenInfo } from './context.js'
import { sendError } from './http.js'
import { repoMeta } from './repo-meta.js'
import type { Repository } from './state.js'
import type { PermissionLevel, TokenPermissions } from './types.js'

export type Scope = keyof TokenPermissions

/** The header's spelling of each permission. */
const HEADER_NAME: Record<Scope, string> = {
  actions: 'actions',
  contents: 'contents',
  'pull-requests': 'pull_requests'
}

const RANK: Record<PermissionLevel, number> = { none: 0, read: 1, write: 2 }

/** What a token holds for a scope. */
export function levelOf(info: TokenInfo, scope: Scope): PermissionLevel {
  if (info.permissions) return info.permissions[scope] ?? 'none'
  if (scope === 'actions') return info.permission
  return 'read'
}

/** GitHub's 403 wording for this kind of token. */
export function notAccessibleMessage(info: TokenInfo): string {
  return info.kind === 'fine-grained-pat'
    ? 'Resource not accessible by personal access token'
    : 'Resource not accessible by integration'
}

/**
 * True when the request may go on; otherwise answers 403 and returns false. Anonymous requests
 * (only on routes that allow them) pass for reads of public repositories.
 */
export function requirePermission(
  ctx: ApiContext,
  repo: Repository,
  scope: Scope,
  level: 'read' | 'write',
  docs: string
): boolean {
  const meta = repoMeta(repo)
  if (level === 'write' && meta.archived) {
    sendError(ctx, 403, 'Repository was archived so is read-only.', docs)
    return false
  }
  if (level === 'read' && !meta.private) return true
  const info = ctx.auth
  if (info && RANK[levelOf(info, scope)] >= RANK[level]) return true
  sendError(
    ctx,
    403,
    info ? notAccessibleMessage(info) : 'Requires authentication',
    docs,
    info ? { 'x-accepted-github-permissions': `${HEADER_NAME[scope]}=${level}` } : {}
  )
  return false
}
