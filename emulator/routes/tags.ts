/** GET /repos/{owner}/{repo}/tags (docs.github.com/rest/repos/repos#list-repository-tags). */
import type { ApiContext } from '../context.js'
import { sendJson } from '../http.js'
import { lastPage, linkHeader, pageOf, parsePaging } from '../paging.js'
import { requirePermission } from '../permissions.js'
import { repoMeta } from '../repo-meta.js'
import type { Params, Router } from '../router.js'
import { linkPath, REPO_PREFIXES, resolveRepo } from './common.js'

export const TAG_DOCS = 'https://docs.github.com/rest/repos/repos#list-repository-tags'

function listTags(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, TAG_DOCS)
  if (!repo || !requirePermission(ctx, repo, 'contents', 'read', TAG_DOCS)) return
  const tags = repoMeta(repo).tags
  const q = ctx.url.searchParams
  const paging = parsePaging(q)
  const last = lastPage(tags.length, paging.perPage)
  const link = linkHeader(ctx.baseUrl, linkPath(ctx, repo, '/tags'), q, paging.page, last)
  const api = `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}`
  sendJson(
    ctx,
    200,
    pageOf(tags, paging).map((t) => ({
      name: t.name,
      zipball_url: `${api}/zipball/refs/tags/${encodeURIComponent(t.name)}`,
      tarball_url: `${api}/tarball/refs/tags/${encodeURIComponent(t.name)}`,
      commit: { sha: t.sha, url: `${api}/commits/${t.sha}` },
      node_id: Buffer.from(`03:Ref${repo.id}:refs/tags/${t.name}`).toString('base64')
    })),
    link ? { link } : {}
  )
}

export function registerTagRoutes(router: Router<ApiContext>): void {
  for (const prefix of REPO_PREFIXES) router.add('GET', `${prefix}/tags`, listTags)
}
