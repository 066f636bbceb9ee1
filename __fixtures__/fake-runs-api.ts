import type {
  PullRequestHead,
  RunPage,
  RunQuery,
  RunsApi,
  WorkflowRun
} from '../src/github/runs-api.js'
import { FILTERED_RUNS_CAP } from '../src/github/runs-api.js'
import { ActionError } from '../src/errors.js'
import { PER_PAGE } from '../src/github/paging.js'

/**
 * A RunsApi over an array of runs (newest first), all of it: applies the server-side filters
 * (a filtered listing is a search capped at 1,000 runs, as GitHub's), looks runs up by id, and
 * answers pull requests from `pulls`. Counts every request.
 */
export class FakeRunsApi implements RunsApi {
  pages = 0
  readonly lookups: number[] = []
  readonly pageQueries: RunQuery[] = []
  /** Pull requests by number; without one, #n's head is the newest run's commit. */
  readonly pulls = new Map<number, PullRequestHead>()

  constructor(readonly runs: WorkflowRun[]) {}

  async listRunsPage(query: RunQuery, page: number, perPage = PER_PAGE): Promise<RunPage> {
    this.pages += 1
    this.pageQueries.push(query)
    const matching = this.runs.filter(
      (r) =>
        (!query.workflow ||
          r.path.split('/').pop() === query.workflow ||
          String(r.workflowId) === query.workflow) &&
        (!query.status || r.conclusion === query.status || r.status === query.status) &&
        (!query.headSha || r.headSha === query.headSha) &&
        (!query.branch || r.headBranch === query.branch) &&
        (!query.event || r.event === query.event)
    )
    const search = Boolean(query.status || query.headSha || query.branch || query.event)
    const served = search ? matching.slice(0, FILTERED_RUNS_CAP) : matching
    return { total: matching.length, runs: served.slice((page - 1) * perPage, page * perPage) }
  }

  async getRun(id: number): Promise<WorkflowRun | undefined> {
    this.lookups.push(id)
    return this.runs.find((r) => r.id === id)
  }

  async getPullRequest(number: number): Promise<PullRequestHead> {
    const pull = this.pulls.get(number)
    if (pull) return pull
    if (this.runs.length === 0)
      throw new ActionError(
        `Pull request #${number} was not found (404): check the 'pull-request' input.`
      )
    return { number, sha: this.runs[0].headSha, ref: 'main' }
  }
}
