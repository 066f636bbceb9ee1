/**
 * Repository lists (docs.github.com/rest/repos/repos, /rest/apps/installations):
 * GET /orgs/{org}/repos, GET /users/{username}/repos (public repositories only),
 * GET /user/repos (a user's token; App installation tokens, GITHUB_TOKEN included, get 403), and
 * GET /installation/repositories (installation tokens: `{ total_count, repositories,
 * repository_selection }`). A token limited to some repositories sees only those.
 */
import type { ApiContext, TokenInfo } from '../context.js'
import { sendError, sendJson } from '../http.js'
import { lastPage, linkHeader, pageOf, parsePaging } from '../paging.js'
import { notAccessibleMessage } from '../permissions.js'
import { repoMeta, sizeKbOf } from '../repo-meta.js'
import type { Params, Router } from '../router.js'
import { repository } from '../runs-state.js'
import { githubTime, type Repository } from '../state.js'

export const REPO_LIST_DOCS = {
  org: 'https://docs.github.com/rest/repos/repos#list-organization-repositories',
  user: 'https://docs.github.com/rest/repos/repos#list-repositories-for-a-user',
  authenticated:
    'https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user',
  installation:
    'https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation'
} as const

const DAY = 86400000
const EPOCH = Date.UTC(2020, 0, 1)

/** A repository as the lists serve it (GitHub's full `repository` shape). */
export function toWireRepository(baseUrl: string, repo: Repository): Record<string, unknown> {
  const meta = repoMeta(repo)
  const body = repository(baseUrl, repo.id, repo.owner, repo.name, true)
  const created = githubTime(EPOCH + repo.serial * DAY)
  body.owner = { ...(body.owner as object), type: meta.ownerType }
  return {
    ...body,
    private: meta.private,
    fork: false,
    size: sizeKbOf(repo),
    archived: meta.archived,
    visibility: meta.private ? 'private' : 'public',
    created_at: created,
    updated_at: created,
    pushed_at: created
  }
}

function visibleTo(info: TokenInfo | null, repo: Repository): boolean {
  return !info?.repositories || info.repositories.has(repo.fullName.toLowerCase())
}

/** created (the order repositories were added), updated, pushed or full_name; GitHub's directions. */
function sorted(ctx: ApiContext, repos: Repository[]): Repository[] {
  const q = ctx.url.searchParams
  const sort = q.get('sort') ?? 'created'
  const byName = sort === 'full_name'
  const asc = (q.get('direction') ?? (byName ? 'asc' : 'desc')) === 'asc'
  const out = [...repos].sort((a, b) =>
    byName ? a.fullName.toLowerCase().localeCompare(b.fullName.toLowerCase()) : a.serial - b.serial
  )
  return asc ? out : out.reverse()
}

function byType(ctx: ApiContext, repos: Repository[], param: string): Repository[] {
  const t = ctx.url.searchParams.get(param)
  if (t === 'public') return repos.filter((r) => !repoMeta(r).private)
  if (t === 'private') return repos.filter((r) => repoMeta(r).private)
  if (t === 'forks') return []
  return repos
}

function sendPage(ctx: ApiContext, path: string, repos: Repository[], wrap?: 'installation'): void {
  const q = ctx.url.searchParams
  const paging = parsePaging(q)
  const link = linkHeader(ctx.baseUrl, path, q, paging.page, lastPage(repos.length, paging.perPage))
  const page = pageOf(repos, paging).map((r) => toWireRepository(ctx.baseUrl, r))
  const headers: Record<string, string> = link ? { link } : {}
  if (wrap === 'installation') {
    const selection = ctx.auth?.repositories ? 'selected' : 'all'
    sendJson(
      ctx,
      200,
      { total_count: repos.length, repositories: page, repository_selection: selection },
      headers
    )
  } else {
    sendJson(ctx, 200, page, headers)
  }
}

function ownedBy(ctx: ApiContext, owner: string): Repository[] {
  const o = owner.toLowerCase()
  return ctx.store.all().filter((r) => r.owner.toLowerCase() === o)
}

function listForOrg(ctx: ApiContext, params: Params): void {
  const owned = ownedBy(ctx, params.org)
  if (owned.length === 0 || repoMeta(owned[0]).ownerType !== 'Organization') {
    sendError(ctx, 404, 'Not Found', REPO_LIST_DOCS.org)
    return
  }
  const visible = owned.filter((r) => visibleTo(ctx.auth, r))
  sendPage(ctx, `/orgs/${params.org}/repos`, sorted(ctx, byType(ctx, visible, 'type')))
}

function listForUser(ctx: ApiContext, params: Params): void {
  const owned = ownedBy(ctx, params.username)
  if (owned.length === 0) {
    sendError(ctx, 404, 'Not Found', REPO_LIST_DOCS.user)
    return
  }
  const visible = owned.filter((r) => !repoMeta(r).private && visibleTo(ctx.auth, r))
  sendPage(ctx, `/users/${params.username}/repos`, sorted(ctx, visible))
}

const isUserToken = (info: TokenInfo): boolean =>
  info.kind === 'fine-grained-pat' || info.kind === 'classic-pat'

function listForAuthenticatedUser(ctx: ApiContext): void {
  const info = ctx.auth as TokenInfo
  if (!isUserToken(info)) {
    sendError(ctx, 403, notAccessibleMessage(info), REPO_LIST_DOCS.authenticated)
    return
  }
  const visible = ctx.store.all().filter((r) => visibleTo(info, r))
  sendPage(ctx, '/user/repos', sorted(ctx, byType(ctx, visible, 'visibility')))
}

function listForInstallation(ctx: ApiContext): void {
  const info = ctx.auth as TokenInfo
  if (isUserToken(info)) {
    sendError(ctx, 403, notAccessibleMessage(info), REPO_LIST_DOCS.installation)
    return
  }
  // GitHub lists an installation's repositories by name
  const visible = ctx.store
    .all()
    .filter((r) => visibleTo(info, r))
    .sort((a, b) => a.fullName.toLowerCase().localeCompare(b.fullName.toLowerCase()))
  sendPage(ctx, '/installation/repositories', visible, 'installation')
}

export function registerRepoListRoutes(router: Router<ApiContext>): void {
  router
    .add('GET', '/orgs/{org}/repos', listForOrg)
    .add('GET', '/users/{username}/repos', listForUser)
    .add('GET', '/user/repos', listForAuthenticatedUser)
    .add('GET', '/installation/repositories', listForInstallation)
}
