/**
 * Workflows, workflow runs and pull requests (docs.github.com/rest/actions/workflow-runs,
 * /rest/actions/workflows, /rest/pulls/pulls#get-a-pull-request).
 */
import type { ApiContext } from '../context.js'
import { sendError, sendJson } from '../http.js'
import { lastPage, linkHeader, pageOf, parsePaging } from '../paging.js'
import type { Params, Router } from '../router.js'
import { findWorkflow, sortedRuns, toWirePull, toWireRun, toWireWorkflow } from '../runs-state.js'
import type { Repository } from '../state.js'
import type { SeedRun } from '../types.js'
import { requirePermission } from '../permissions.js'
import { indexedRun } from '../run-index.js'
import { intParam, linkPath, REPO_PREFIXES, resolveRepo } from './common.js'

export const RUN_DOCS = {
  listRuns:
    'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository',
  listWorkflowRuns:
    'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow',
  getRun: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
  listWorkflows: 'https://docs.github.com/rest/actions/workflows#list-repository-workflows',
  getWorkflow: 'https://docs.github.com/rest/actions/workflows#get-a-workflow',
  getPull: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request'
} as const

/** Filtered listings return at most this many runs ("up to 1,000 results for each search"). */
export const FILTERED_RUNS_CAP = 1000
/** The parameters that make a listing a capped search, as GitHub documents them. */
const CAPPED_PARAMS = [
  'actor',
  'branch',
  'check_suite_id',
  'created',
  'event',
  'head_sha',
  'status'
]
const STATUSES = new Set(['completed', 'in_progress', 'queued', 'requested', 'waiting', 'pending'])

/** GitHub's `created` search syntax: `>=D`, `<=D`, `>D`, `<D`, `D1..D2`, or one day `D`. */
function createdMatcher(value: string): (ms: number) => boolean {
  const t = (s: string, end = false): number => {
    const ms = Date.parse(s)
    // a bare date covers the whole day
    return end && /^\d{4}-\d{2}-\d{2}$/.test(s) ? ms + 86399999 : ms
  }
  const range = /^(.+)\.\.(.+)$/.exec(value)
  if (range) return (ms) => ms >= t(range[1]) && ms <= t(range[2], true)
  const cmp = /^(>=|<=|>|<)(.+)$/.exec(value)
  if (cmp) {
    const bound = t(cmp[2], cmp[1] === '<=' || cmp[1] === '>')
    if (cmp[1] === '>=') return (ms) => ms >= bound
    if (cmp[1] === '<=') return (ms) => ms <= bound
    if (cmp[1] === '>') return (ms) => ms > bound
    return (ms) => ms < bound
  }
  return (ms) => ms >= t(value) && ms <= t(value, true)
}

function runFilter(q: URLSearchParams): (r: SeedRun) => boolean {
  const branch = q.get('branch')
  const event = q.get('event')
  const status = q.get('status')
  const sha = q.get('head_sha')
  const created = q.get('created')
  const inCreated = created ? createdMatcher(created) : undefined
  return (r) =>
    (!branch || r.head_branch === branch) &&
    (!event || r.event === event) &&
    (!sha || r.head_sha === sha) &&
    (!status || (STATUSES.has(status) ? r.status === status : r.conclusion === status)) &&
    (!inCreated || inCreated(Date.parse(r.created_at)))
}

/**
 * Filtered listings come from the lagging run index (run-index.ts): a run it has not seen yet is
 * missing, and the filter sees the status it had `runIndexLagMs` ago. The bodies are current
 * unless `runIndexServesStale`.
 */
function fromIndex(
  ctx: ApiContext,
  repo: Repository,
  runs: SeedRun[],
  filtered: boolean
): SeedRun[] {
  const filter = runFilter(ctx.url.searchParams)
  const { runIndexLagMs: lag, runIndexServesStale: stale } = ctx.behaviour
  if (!filtered || lag <= 0) return runs.filter(filter)
  const out: SeedRun[] = []
  for (const run of runs) {
    const seen = indexedRun(repo, run, ctx.now, lag)
    if (seen && filter(seen)) out.push(stale ? seen : run)
  }
  return out
}

function sendRuns(
  ctx: ApiContext,
  repo: Repository,
  runs: SeedRun[],
  suffix: string,
  byWorkflow = false
): void {
  const params = ctx.url.searchParams
  const capped = CAPPED_PARAMS.some((p) => params.has(p))
  const matching = fromIndex(ctx, repo, runs, capped || byWorkflow)
  const served = capped ? matching.slice(0, FILTERED_RUNS_CAP) : matching
  const paging = parsePaging(params)
  const last = lastPage(served.length, paging.perPage)
  const link = linkHeader(ctx.baseUrl, linkPath(ctx, repo, suffix), params, paging.page, last)
  sendJson(
    ctx,
    200,
    {
      total_count: matching.length,
      workflow_runs: pageOf(served, paging).map((r) => toWireRun(ctx.baseUrl, repo, r))
    },
    link ? { link } : {}
  )
}

function listRuns(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, RUN_DOCS.listRuns)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', RUN_DOCS.listRuns)) return
  sendRuns(ctx, repo, sortedRuns(repo), '/actions/runs')
}

function listWorkflowRuns(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, RUN_DOCS.listWorkflowRuns)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', RUN_DOCS.listWorkflowRuns)) return
  const workflow = findWorkflow(repo, params.workflow_id)
  if (!workflow) {
    sendError(ctx, 404, 'Not Found', RUN_DOCS.listWorkflowRuns)
    return
  }
  const runs = sortedRuns(repo).filter((r) => r.workflow_id === workflow.id)
  sendRuns(ctx, repo, runs, `/actions/workflows/${params.workflow_id}/runs`, true)
}

function getRun(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, RUN_DOCS.getRun)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', RUN_DOCS.getRun)) return
  const id = intParam(ctx, params.run_id, RUN_DOCS.getRun)
  if (id === undefined) return
  const run = repo.workflowRuns.get(id)
  if (!run) {
    sendError(ctx, 404, 'Not Found', RUN_DOCS.getRun)
    return
  }
  sendJson(ctx, 200, toWireRun(ctx.baseUrl, repo, run))
}

function listWorkflows(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, RUN_DOCS.listWorkflows)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', RUN_DOCS.listWorkflows)) return
  const all = [...repo.workflows.values()].sort((a, b) => a.id - b.id)
  const q = ctx.url.searchParams
  const paging = parsePaging(q)
  const link = linkHeader(
    ctx.baseUrl,
    linkPath(ctx, repo, '/actions/workflows'),
    q,
    paging.page,
    lastPage(all.length, paging.perPage)
  )
  sendJson(
    ctx,
    200,
    {
      total_count: all.length,
      workflows: pageOf(all, paging).map((w) => toWireWorkflow(ctx.baseUrl, repo, w))
    },
    link ? { link } : {}
  )
}

function getWorkflow(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, RUN_DOCS.getWorkflow)
  if (!repo || !requirePermission(ctx, repo, 'actions', 'read', RUN_DOCS.getWorkflow)) return
  const workflow = findWorkflow(repo, params.workflow_id)
  if (!workflow) {
    sendError(ctx, 404, 'Not Found', RUN_DOCS.getWorkflow)
    return
  }
  sendJson(ctx, 200, toWireWorkflow(ctx.baseUrl, repo, workflow))
}

function getPull(ctx: ApiContext, params: Params): void {
  const repo = resolveRepo(ctx, params, RUN_DOCS.getPull)
  if (!repo || !requirePermission(ctx, repo, 'pull-requests', 'read', RUN_DOCS.getPull)) return
  const n = intParam(ctx, params.pull_number, RUN_DOCS.getPull)
  if (n === undefined) return
  const pull = repo.pulls.get(n)
  if (!pull) {
    sendError(ctx, 404, 'Not Found', RUN_DOCS.getPull)
    return
  }
  sendJson(ctx, 200, toWirePull(ctx.baseUrl, repo, pull))
}

export function registerRunRoutes(router: Router<ApiContext>): void {
  for (const prefix of REPO_PREFIXES) {
    router
      .add('GET', `${prefix}/actions/runs`, listRuns)
      .add('GET', `${prefix}/actions/runs/{run_id}`, getRun)
      .add('GET', `${prefix}/actions/workflows`, listWorkflows)
      .add('GET', `${prefix}/actions/workflows/{workflow_id}`, getWorkflow)
      .add('GET', `${prefix}/actions/workflows/{workflow_id}/runs`, listWorkflowRuns)
      .add('GET', `${prefix}/pulls/{pull_number}`, getPull)
  }
}
