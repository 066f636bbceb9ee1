/** Helpers shared by repository-scoped routes. */
import type { ApiContext } from '../context.js'
import { sendError } from '../http.js'
import type { Params } from '../router.js'
import type { Repository } from '../state.js'

/** Both path styles GitHub serves for a repository (the second is what its Link headers use). */
export const REPO_PREFIXES = ['/repos/{owner}/{repo}', '/repositories/{repository_id}'] as const

/** The repository of the request, or undefined after answering 404 (unknown or not visible). */
export function resolveRepo(ctx: ApiContext, params: Params, docs: string): Repository | undefined {
  let repo: Repository | undefined
  if (params.repository_id !== undefined) {
    if (/^\d+$/.test(params.repository_id)) repo = ctx.store.getById(Number(params.repository_id))
  } else {
    repo = ctx.store.get(`${params.owner}/${params.repo}`)
  }
  const visible = ctx.auth?.repositories
  if (!repo || (visible && !visible.has(repo.fullName.toLowerCase()))) {
    sendError(ctx, 404, 'Not Found', docs)
    return undefined
  }
  return repo
}

/** A positive integer path parameter, or undefined after answering 404. */
export function intParam(ctx: ApiContext, value: string, docs: string): number | undefined {
  if (/^\d+$/.test(value) && Number.isSafeInteger(Number(value)) && Number(value) > 0) {
    return Number(value)
  }
  sendError(ctx, 404, 'Not Found', docs)
  return undefined
}

/**
 * The path of a repository-scoped resource in the style Link headers use; /repos/{owner}/{repo}
 * for a repository whose id another one took first (so the links still lead back to it).
 */
export function linkPath(ctx: ApiContext, repo: Repository, suffix: string): string {
  return ctx.linkStyle === 'repositories' && ctx.store.getById(repo.id) === repo
    ? `/repositories/${repo.id}${suffix}`
    : `/repos/${repo.owner}/${repo.name}${suffix}`
}
