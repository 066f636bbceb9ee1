/** The REST endpoints of GitHub Actions artifacts (docs.github.com/rest/actions/artifacts). */
import type { ApiContext } from '../context.js'
import { DOCS, sendEmpty, sendError, sendJson, sendNoContent } from '../http.js'
import { lastPage, linkHeader, pageOf, parsePaging } from '../paging.js'
import type { Params, Router } from '../router.js'
import {
  isExpired,
  sortedArtifacts,
  toWire,
  type Repository,
  type StoredArtifact
} from '../state.js'
import { requirePermission } from '../permissions.js'
import type { WireArtifact } from '../types.js'
import { intParam, linkPath, REPO_PREFIXES, resolveRepo } from './common.js'

/** The artifact's body; GHES and older artifacts have no `digest` at all (`omitDigest`). */
function wire(ctx: ApiContext, repo: Repository, a: StoredArtifact): WireArtifact {
  const body = toWire(repo, a, ctx.baseUrl, ctx.now)
  if (ctx.behaviour.omitDigest) delete body.digest
  return body
}

function sendList(
  ctx: ApiContext,
  repo: Repository,
  items: StoredArtifact[],
  suffix: string
): void {
  const params = ctx.url.searchParams
  const paging = parsePaging(params)
  const last = lastPage(items.length, paging.perPage)
  const link = linkHeader(ctx.baseUrl, linkPath(ctx, repo, suffix), params, paging.page, last)
  sendJson(
    ctx,
    200,
    {
      total_count: items.length,
      artifacts: pageOf(items, paging).map((a) => wire(ctx, repo, a))
    },
    link ? { link } : {}
  )
}

function byName(ctx: ApiContext, items: StoredArtifact[]): StoredArtifact[] {
  const name = ctx.url.searchParams.get('name')
  return name ? items.filter((a) => a.name === name) : items
}

function listForRepo(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, DOCS.listForRepo)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', DOCS.listForRepo)) return
  sendList(ctx, repo, byName(ctx, sortedArtifacts(repo)), '/actions/artifacts')
}

function listForRun(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, DOCS.listForRun)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', DOCS.listForRun)) return
  const runId = intParam(ctx, params.run_id, DOCS.listForRun)
  if (runId === undefined) return
  if (!repo.runs.has(runId) && !repo.workflowRuns.has(runId)) {
    sendError(ctx, 404, 'Not Found', DOCS.listForRun)
    return
  }
  let items = byName(
    ctx,
    sortedArtifacts(repo).filter((a) => a.workflowRun.id === runId)
  )
  if (ctx.url.searchParams.get('direction') === 'asc') items = [...items].reverse()
  sendList(ctx, repo, items, `/actions/runs/${runId}/artifacts`)
}

/** The artifact named by the path, or undefined after answering 404. */
function findArtifact(
  ctx: ApiContext,
  repo: Repository,
  params: Params,
  docs: string
): StoredArtifact | undefined {
  const id = intParam(ctx, params.artifact_id, docs)
  if (id === undefined) return undefined
  const artifact = repo.artifacts.get(id)
  if (!artifact) sendError(ctx, 404, 'Not Found', docs)
  return artifact
}

function getArtifact(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, DOCS.get)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', DOCS.get)) return
  const artifact = findArtifact(ctx, repo, params, DOCS.get)
  if (!artifact) return
  sendJson(ctx, 200, wire(ctx, repo, artifact))
}

function deleteArtifact(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, DOCS.delete)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'write', DOCS.delete)) return
  const artifact = findArtifact(ctx, repo, params, DOCS.delete)
  if (!artifact) return
  ctx.store.delete(repo, artifact.id)
  sendNoContent(ctx)
}

function downloadArtifact(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, DOCS.download)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', DOCS.download)) return
  const artifact = findArtifact(ctx, repo, params, DOCS.download)
  if (!artifact) return
  if (params.archive_format !== 'zip') {
    sendError(ctx, 404, 'Not Found', DOCS.download)
    return
  }
  if (isExpired(artifact, ctx.now)) {
    sendError(ctx, 410, 'Artifact has expired', DOCS.download)
    return
  }
  sendEmpty(ctx, 302, { location: ctx.signer.sign(ctx.blobBaseUrl, repo.serial, artifact.id) })
}

export function registerArtifactRoutes(router: Router<ApiContext>): void {
  for (const prefix of REPO_PREFIXES) {
    router
      .add('GET', `${prefix}/actions/artifacts`, listForRepo)
      .add('GET', `${prefix}/actions/runs/{run_id}/artifacts`, listForRun)
      .add('GET', `${prefix}/actions/artifacts/{artifact_id}`, getArtifact)
      .add('DELETE', `${prefix}/actions/artifacts/{artifact_id}`, deleteArtifact)
      .add('GET', `${prefix}/actions/artifacts/{artifact_id}/{archive_format}`, downloadArtifact)
  }
}
