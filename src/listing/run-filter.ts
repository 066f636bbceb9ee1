import type { Artifact } from '../artifact.js'
import type { PullRequestHead, RunQuery, WorkflowRun } from '../github/runs-api.js'
import { compileGlob, hasGlobSyntax } from '../patterns.js'
import type { Criteria, RunCriteria } from '../settings.js'

/** Every run filter, checked locally on a run (the server applies the ones it can). */
export class RunFilter {
  readonly query: RunQuery
  private readonly branch?: (value: string) => boolean

  constructor(
    private readonly runs: RunCriteria,
    criteria: Pick<Criteria, 'branch' | 'commit'>,
    private readonly pull?: PullRequestHead
  ) {
    const exactBranch =
      criteria.branch && !hasGlobSyntax(criteria.branch) ? criteria.branch : undefined
    const fullSha = criteria.commit?.length === 40 ? criteria.commit : undefined
    this.query = {
      workflow: runs.workflow,
      branch: exactBranch,
      event: runs.event,
      status: runs.conclusion,
      headSha: pull?.sha ?? fullSha
    }
    if (criteria.branch) this.branch = compileGlob(criteria.branch)
  }

  /** Whether the query is a search the API caps at 1,000 results (the workflow alone is not). */
  get isSearch(): boolean {
    const { branch, event, status, headSha } = this.query
    return [branch, event, status, headSha].some((v) => v !== undefined)
  }

  matches(run: WorkflowRun): boolean {
    const { workflow, conclusion, event } = this.runs
    const file = workflowFileOf(run.path)
    return (
      (!workflow ||
        (/^\d+$/.test(workflow) ? run.workflowId === Number(workflow) : file === workflow)) &&
      (!conclusion || (run.status === 'completed' && run.conclusion === conclusion)) &&
      (!event || run.event === event) &&
      (!this.pull ||
        (run.headSha === this.pull.sha &&
          (this.pull.repositoryId === undefined ||
            run.headRepositoryId === this.pull.repositoryId))) &&
      (!this.branch || this.branch(run.headBranch ?? ''))
    )
  }

  /** The artifact-side part of the pull request filter (artifacts carry the head SHA). */
  matchesArtifact(artifact: Artifact): boolean {
    if (!this.pull) return true
    const run = artifact.workflowRun
    return (
      run.headSha === this.pull.sha &&
      (this.pull.repositoryId === undefined ||
        run.headRepositoryId === undefined ||
        run.headRepositoryId === this.pull.repositoryId)
    )
  }
}

/**
 * The workflow file name of a run's `path`: `.github/workflows/build.yml`, and for reusable or
 * required workflows `owner/repo/.github/workflows/build.yml@refs/heads/main` (the ref after `@`,
 * which may hold slashes, is not part of it).
 */
export function workflowFileOf(path: string): string {
  const at = path.indexOf('@')
  return (at >= 0 ? path.slice(0, at) : path).split('/').pop() ?? ''
}
