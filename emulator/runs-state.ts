/**
 * Workflows, workflow runs and pull requests of an emulated repository, and their wire shapes
 * (GitHub's `workflow-run`, `workflow` and `pull-request` schemas).
 */
import type { SeedPullRequest, SeedRepositoryExtras, SeedRun, SeedWorkflow } from './types.js'

/** What a repository holds besides its artifacts. */
export interface RunData {
  workflows: Map<number, SeedWorkflow>
  /** by run id */
  workflowRuns: Map<number, SeedRun>
  pulls: Map<number, SeedPullRequest>
  /** newest first (id desc); rebuilt lazily after changes */
  sortedRuns?: SeedRun[]
}

interface RepoLike extends RunData {
  id: number
  owner: string
  name: string
  fullName: string
}

/** The workflow runs of made-up runs (an artifact named a run nobody seeded). */
export const DEFAULT_WORKFLOW: SeedWorkflow = {
  id: 161335,
  name: 'CI',
  path: '.github/workflows/ci.yml'
}

/** Makes up a successful push run of ci.yml for every run id the artifacts name that is unknown. */
export function synthesizeRuns(
  repo: RunData,
  artifacts: {
    createdMs: number
    workflowRun: {
      id: number
      head_branch: string
      head_sha: string
      head_repository_id: number
    }
  }[]
): void {
  for (const a of artifacts) {
    const run = a.workflowRun
    if (repo.workflowRuns.has(run.id)) continue
    if (!repo.workflows.has(DEFAULT_WORKFLOW.id)) {
      repo.workflows.set(DEFAULT_WORKFLOW.id, DEFAULT_WORKFLOW)
    }
    const created = new Date(a.createdMs - 60000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    repo.workflowRuns.set(run.id, {
      id: run.id,
      workflow_id: DEFAULT_WORKFLOW.id,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      head_branch: run.head_branch,
      head_sha: run.head_sha,
      head_repository_id: run.head_repository_id,
      run_number: (run.id % 100000) + 1,
      created_at: created
    })
  }
  repo.sortedRuns = undefined
}

/** Adds seeded workflows, runs (replacing made-up ones) and pull requests. */
export function addRunData(repo: RunData, extras: SeedRepositoryExtras): void {
  for (const w of extras.workflows ?? []) repo.workflows.set(w.id, w)
  for (const r of extras.runs ?? []) {
    if (!repo.workflows.has(r.workflow_id)) {
      throw new Error(`run ${r.id}: no workflow ${r.workflow_id}`)
    }
    repo.workflowRuns.set(r.id, r)
  }
  for (const p of extras.pulls ?? []) repo.pulls.set(p.number, p)
  repo.sortedRuns = undefined
}

export function sortedRuns(repo: RunData): SeedRun[] {
  repo.sortedRuns ??= [...repo.workflowRuns.values()].sort((a, b) => b.id - a.id)
  return repo.sortedRuns
}

/** A workflow by numeric id or by file name ('build.yml'), as the API's {workflow_id} takes it. */
export function findWorkflow(repo: RunData, idOrFile: string): SeedWorkflow | undefined {
  if (/^\d+$/.test(idOrFile)) return repo.workflows.get(Number(idOrFile))
  return [...repo.workflows.values()].find((w) => w.path.split('/').pop() === idOrFile)
}

const node = (kind: string, id: number): string => Buffer.from(`${kind}${id}`).toString('base64')

export function user(baseUrl: string, login: string, id: number): Record<string, unknown> {
  const url = `${baseUrl}/users/${login}`
  return {
    login,
    id,
    node_id: node('04:User', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'Organization',
    site_admin: false
  }
}

const REPO_LINKS: [string, string][] = [
  ['archive_url', '/{archive_format}{/ref}'],
  ['assignees_url', '/assignees{/user}'],
  ['blobs_url', '/git/blobs{/sha}'],
  ['branches_url', '/branches{/branch}'],
  ['collaborators_url', '/collaborators{/collaborator}'],
  ['comments_url', '/comments{/number}'],
  ['commits_url', '/commits{/sha}'],
  ['compare_url', '/compare/{base}...{head}'],
  ['contents_url', '/contents/{+path}'],
  ['contributors_url', '/contributors'],
  ['deployments_url', '/deployments'],
  ['downloads_url', '/downloads'],
  ['events_url', '/events'],
  ['forks_url', '/forks'],
  ['git_commits_url', '/git/commits{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'],
  ['hooks_url', '/hooks'],
  ['issue_comment_url', '/issues/comments{/number}'],
  ['issue_events_url', '/issues/events{/number}'],
  ['issues_url', '/issues{/number}'],
  ['keys_url', '/keys{/key_id}'],
  ['labels_url', '/labels{/name}'],
  ['languages_url', '/languages'],
  ['merges_url', '/merges'],
  ['milestones_url', '/milestones{/number}'],
  ['notifications_url', '/notifications{?since,all,participating}'],
  ['pulls_url', '/pulls{/number}'],
  ['releases_url', '/releases{/id}'],
  ['stargazers_url', '/stargazers'],
  ['statuses_url', '/statuses/{sha}'],
  ['subscribers_url', '/subscribers'],
  ['subscription_url', '/subscription'],
  ['tags_url', '/tags'],
  ['teams_url', '/teams'],
  ['trees_url', '/git/trees{/sha}']
]

/** The `minimal-repository` shape; `full` adds what `repository` (in pull requests) requires. */
export function repository(
  baseUrl: string,
  id: number,
  owner: string,
  name: string,
  full: boolean
): Record<string, unknown> {
  const url = `${baseUrl}/repos/${owner}/${name}`
  const out: Record<string, unknown> = {
    id,
    node_id: node('010:Repository', id),
    name,
    full_name: `${owner}/${name}`,
    private: false,
    owner: user(baseUrl, owner, 9000 + (id % 1000)),
    html_url: `https://github.com/${owner}/${name}`,
    description: null,
    fork: owner !== 'octo-org' && full,
    url
  }
  for (const [key, suffix] of REPO_LINKS) out[key] = url + suffix
  if (!full) return out
  return {
    ...out,
    git_url: `git://github.com/${owner}/${name}.git`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
    clone_url: `https://github.com/${owner}/${name}.git`,
    svn_url: `https://github.com/${owner}/${name}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1024,
    default_branch: 'main',
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: '2025-01-01T00:00:00Z',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z'
  }
}

/** The repository a head_repository_id names: this one, or a fork of it. */
function headRepository(
  baseUrl: string,
  repo: RepoLike,
  headId: number,
  full: boolean
): Record<string, unknown> {
  return headId === repo.id
    ? repository(baseUrl, repo.id, repo.owner, repo.name, full)
    : repository(baseUrl, headId, `contributor-${headId % 10000}`, repo.name, full)
}

function pullMinimal(baseUrl: string, repo: RepoLike, p: SeedPullRequest): Record<string, unknown> {
  const repoRef = (id: number): Record<string, unknown> => ({
    id,
    url: `${baseUrl}/repositories/${id}`,
    name: repo.name
  })
  return {
    id: 1800000000 + p.number,
    number: p.number,
    url: `${baseUrl}/repos/${repo.owner}/${repo.name}/pulls/${p.number}`,
    head: { ref: p.head_ref, sha: p.head_sha, repo: repoRef(p.head_repository_id) },
    base: { ref: p.base_ref, sha: '0'.repeat(40), repo: repoRef(repo.id) }
  }
}

export function toWireWorkflow(baseUrl: string, repo: RepoLike, w: SeedWorkflow): object {
  const file = w.path.split('/').pop() ?? w.path
  return {
    id: w.id,
    node_id: node('08:Workflow', w.id),
    name: w.name,
    path: w.path,
    state: 'active',
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    url: `${baseUrl}/repos/${repo.owner}/${repo.name}/actions/workflows/${w.id}`,
    html_url: `https://github.com/${repo.fullName}/blob/main/${w.path}`,
    badge_url: `https://github.com/${repo.fullName}/workflows/${encodeURIComponent(file)}/badge.svg`
  }
}

/** A run exactly as GET /actions/runs/{id} serves it (field order as GitHub's). */
export function toWireRun(baseUrl: string, repo: RepoLike, r: SeedRun): object {
  const workflow = repo.workflows.get(r.workflow_id) ?? DEFAULT_WORKFLOW
  const api = `${baseUrl}/repos/${repo.owner}/${repo.name}`
  const url = `${api}/actions/runs/${r.id}`
  const sameRepo = r.head_repository_id === repo.id
  const pulls = sameRepo
    ? (r.pull_requests ?? []).flatMap((n) => {
        const p = repo.pulls.get(n)
        return p ? [pullMinimal(baseUrl, repo, p)] : []
      })
    : []
  const author = { name: 'Mona Lisa', email: 'mona@example.com' }
  return {
    id: r.id,
    name: workflow.name,
    node_id: node('011:WorkflowRun', r.id),
    head_branch: r.head_branch,
    head_sha: r.head_sha,
    path: r.path ?? workflow.path,
    display_title: `${workflow.name} on ${r.head_branch}`,
    run_number: r.run_number,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflow_id,
    check_suite_id: r.id + 1,
    check_suite_node_id: node('010:CheckSuite', r.id + 1),
    url,
    html_url: `https://github.com/${repo.fullName}/actions/runs/${r.id}`,
    pull_requests: pulls,
    created_at: r.created_at,
    updated_at: r.updated_at ?? r.created_at,
    run_attempt: r.run_attempt ?? 1,
    run_started_at: r.created_at,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${api}/check-suites/${r.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${r.workflow_id}`,
    head_commit: {
      id: r.head_sha,
      tree_id: r.head_sha.split('').reverse().join(''),
      message: `Commit ${r.head_sha.slice(0, 7)}`,
      timestamp: r.created_at,
      author,
      committer: author
    },
    repository: repository(baseUrl, repo.id, repo.owner, repo.name, false),
    head_repository: headRepository(baseUrl, repo, r.head_repository_id, false)
  }
}

/** A pull request as GET /pulls/{n} serves it (the fields the `pull-request` schema requires). */
export function toWirePull(baseUrl: string, repo: RepoLike, p: SeedPullRequest): object {
  const api = `${baseUrl}/repos/${repo.owner}/${repo.name}`
  const url = `${api}/pulls/${p.number}`
  const html = `https://github.com/${repo.fullName}/pull/${p.number}`
  const author = user(baseUrl, 'octocat', 583231)
  const head = headRepository(baseUrl, repo, p.head_repository_id, true)
  const link = (href: string): { href: string } => ({ href })
  return {
    url,
    id: 1800000000 + p.number,
    node_id: node('011:PullRequest', p.number),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${p.number}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title ?? `Pull request ${p.number}`,
    user: author,
    body: null,
    labels: [],
    milestone: null,
    created_at: p.created_at,
    updated_at: p.created_at,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${p.number}/comments`,
    statuses_url: `${api}/statuses/${p.head_sha}`,
    head: {
      label: `${String((head.owner as { login: string }).login)}:${p.head_ref}`,
      ref: p.head_ref,
      sha: p.head_sha,
      user: head.owner,
      repo: head
    },
    base: {
      label: `${repo.owner}:${p.base_ref}`,
      ref: p.base_ref,
      sha: '0'.repeat(40),
      user: user(baseUrl, repo.owner, 9000 + (repo.id % 1000)),
      repo: repository(baseUrl, repo.id, repo.owner, repo.name, true)
    },
    _links: {
      self: link(url),
      html: link(html),
      issue: link(`${api}/issues/${p.number}`),
      comments: link(`${api}/issues/${p.number}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/statuses/${p.head_sha}`)
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    merged: false,
    mergeable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 10,
    deletions: 2,
    changed_files: 1
  }
}
