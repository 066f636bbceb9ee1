import { ActionError } from '../errors.js'
import type { Octokit } from './client.js'
import { describeRequestError, statusOf } from './errors.js'
import { PER_PAGE } from './paging.js'
import {
  ResponseShapeError,
  type WireRun,
  checkPullRequest,
  checkRun,
  checkRunList
} from './validate.js'

/** A filtered run listing returns at most this many runs, whatever its total_count says. */
export const FILTERED_RUNS_CAP = 1000

/** A workflow run as the rest of the action sees it. */
export interface WorkflowRun {
  id: number
  workflowId: number
  /** '.github/workflows/build.yml' */
  path: string
  event: string
  /** 'completed', 'in_progress', 'queued', ... */
  status: string
  /** null until the run has completed */
  conclusion: string | null
  headBranch?: string
  headSha: string
  headRepositoryId?: number
  /** The workflow's name ('CI'), as the run shows it. */
  name?: string
  /** The run's number within its workflow (`CI #89`). */
  runNumber?: number
}

/** The filters the run listing endpoints apply on the server. */
export interface RunQuery {
  /** File name or id: lists /actions/workflows/{workflow}/runs instead of /actions/runs. */
  workflow?: string
  branch?: string
  event?: string
  /** A status ('in_progress') or a conclusion ('success'). */
  status?: string
  headSha?: string
}

/** One page of a run listing. */
export interface RunPage {
  total: number
  runs: WorkflowRun[]
}

/** The head of a pull request. */
export interface PullRequestHead {
  number: number
  sha: string
  ref: string
  repositoryId?: number
}

/** Everything the action asks GitHub about workflow runs. `__fixtures__/fake-runs-api.ts` fakes all of it. */
export interface RunsApi {
  /** One page (per_page=100) of the runs that pass the query's server-side filters, newest first. */
  listRunsPage(query: RunQuery, page: number, perPage?: number): Promise<RunPage>
  /** One run; undefined when it does not exist (any more). */
  getRun(id: number): Promise<WorkflowRun | undefined>
  /** The head of a pull request; throws an ActionError naming the input when there is none. */
  getPullRequest(number: number): Promise<PullRequestHead>
}

/** Converts the API's run into the domain's. */
export function toWorkflowRun(wire: WireRun): WorkflowRun {
  return {
    id: wire.id,
    workflowId: wire.workflow_id,
    path: wire.path,
    event: wire.event,
    status: wire.status ?? 'completed',
    conclusion: wire.conclusion,
    headBranch: wire.head_branch ?? undefined,
    headSha: wire.head_sha,
    headRepositoryId: wire.head_repository?.id,
    ...(typeof wire.name === 'string' ? { name: wire.name } : {}),
    ...(Number.isSafeInteger(wire.run_number) ? { runNumber: wire.run_number } : {})
  }
}

/** RunsApi over Octokit. */
export class OctokitRunsApi implements RunsApi {
  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string
  ) {}

  async listRunsPage(query: RunQuery, page: number, perPage = PER_PAGE): Promise<RunPage> {
    const params = {
      owner: this.owner,
      repo: this.repo,
      per_page: perPage,
      page,
      ...(query.branch ? { branch: query.branch } : {}),
      ...(query.event ? { event: query.event } : {}),
      ...(query.status ? { status: query.status as 'completed' } : {}),
      ...(query.headSha ? { head_sha: query.headSha } : {})
    }
    try {
      const response = query.workflow
        ? await this.octokit.rest.actions.listWorkflowRuns({
            ...params,
            workflow_id: query.workflow
          })
        : await this.octokit.rest.actions.listWorkflowRunsForRepo(params)
      const base = `GET /repos/${this.owner}/${this.repo}/actions`
      const data = checkRunList(
        response.data,
        query.workflow
          ? `${base}/workflows/${encodeURIComponent(query.workflow)}/runs (page ${page})`
          : `${base}/runs (page ${page})`
      )
      return { total: data.total_count, runs: data.workflow_runs.map(toWorkflowRun) }
    } catch (error) {
      if (error instanceof ResponseShapeError) throw error
      if (statusOf(error) === 404 && query.workflow) {
        throw new ActionError(
          `Workflow '${query.workflow}' was not found in ${this.owner}/${this.repo} (404): check the ` +
            "'workflow' input: a file name under .github/workflows ('build.yml') or the workflow's id."
        )
      }
      throw describeRequestError(error, `${this.owner}/${this.repo}`)
    }
  }

  async getRun(id: number): Promise<WorkflowRun | undefined> {
    try {
      const response = await this.octokit.rest.actions.getWorkflowRun({
        owner: this.owner,
        repo: this.repo,
        run_id: id,
        exclude_pull_requests: true
      })
      return toWorkflowRun(
        checkRun(response.data, `GET /repos/${this.owner}/${this.repo}/actions/runs/${id}`)
      )
    } catch (error) {
      if (error instanceof ResponseShapeError) throw error
      if (statusOf(error) === 404) return undefined
      throw describeRequestError(error, `${this.owner}/${this.repo}`)
    }
  }

  async getPullRequest(number: number): Promise<PullRequestHead> {
    try {
      const response = await this.octokit.rest.pulls.get({
        owner: this.owner,
        repo: this.repo,
        pull_number: number
      })
      const { head } = checkPullRequest(
        response.data,
        `GET /repos/${this.owner}/${this.repo}/pulls/${number}`
      )
      return { number, sha: head.sha, ref: head.ref, repositoryId: head.repo?.id }
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new ActionError(
          `Pull request #${number} was not found in ${this.owner}/${this.repo} (404): check the 'pull-request' input.`
        )
      }
      throw describeRequestError(error, `${this.owner}/${this.repo}`)
    }
  }
}
