/** Public types of the GitHub API emulator. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'

export type Permission = 'read' | 'write'

/** A fine-grained permission level, as `permissions:` blocks and GitHub Apps grant them. */
export type PermissionLevel = 'none' | 'read' | 'write'

/** The fine-grained permissions the emulated endpoints check (see permissions.ts). */
export interface TokenPermissions {
  /** artifacts and runs: read lists, gets and downloads; write deletes */
  actions?: PermissionLevel
  /** tags */
  contents?: PermissionLevel
  /** pull requests */
  'pull-requests'?: PermissionLevel
}

/**
 * What kind of token this is, which decides its primary budget and its 403 messages:
 * - `github-token`: a workflow's GITHUB_TOKEN. Its 1,000 requests an hour (15,000 with
 *   `enterprise`) belong to its repository: every github-token of that repository spends them.
 *   It sees only its repository (give exactly one in `repositories`).
 * - `installation`: a GitHub App installation token. 5,000 an hour, plus 50 for each repository
 *   beyond 20 and 50 for each organisation user beyond 20, at most 12,500 (15,000 flat with
 *   `enterprise`), shared by every token of the same `installationId`.
 * - `fine-grained-pat` / `classic-pat`: a user's token; 5,000 an hour shared by every token of
 *   the same `login`.
 * Without `kind` the token has a budget of its own (`EmulatorOptions.rateLimit`, 5,000).
 */
export type TokenKind = 'github-token' | 'installation' | 'fine-grained-pat' | 'classic-pat'

/** A token's grant. `repositories` (full names, case-insensitive) limits what it can see. */
export interface TokenSpec {
  /** the `actions` permission when `permissions` is not given (contents and pull-requests: read) */
  permission: Permission
  /** repositories this token can see; omitted = all. Others answer 404 like GitHub. */
  repositories?: string[]
  /** shown in the primary rate limit message; derived from the token when omitted */
  installationId?: number
  /** see TokenKind; decides the budget and the 403 wording */
  kind?: TokenKind
  /** fine-grained permissions; missing ones are 'none' once this is given */
  permissions?: TokenPermissions
  /** the user of a PAT (its budget is the user's); default 'octocat' */
  login?: string
  /** a GitHub Enterprise Cloud account: 15,000 an hour for github-token and installation */
  enterprise?: boolean
  /** installation: organisation users, for the +50 per user beyond 20 (default 0) */
  installationUsers?: number
  /** overrides the hourly limit this kind would get */
  rateLimit?: number
}

export interface WorkflowRunRef {
  id: number
  repository_id: number
  head_repository_id: number
  head_branch: string
  head_sha: string
}

export interface SeedArtifact {
  id: number
  name: string
  created_at: string // ISO
  expires_at: string // ISO
  /** the API also reports an artifact as expired once the emulator's clock passes expires_at */
  expired: boolean
  workflow_run: WorkflowRunRef
  /** the zip (or other) body served on download; size_in_bytes and digest are computed from it */
  content: Buffer | (() => Buffer)
  /**
   * Optional: serve the body from a fresh stream per download instead of `content` (for big
   * artifacts that should never sit in memory). Needs size_in_bytes and digest given explicitly.
   */
  stream?: () => Readable
  /** overrides the computed size (give it with lazy content, or to make the API lie) */
  size_in_bytes?: number
  /** 'sha256:<hex>'; null = an artifact from upload-artifact < v4; overrides the computed one */
  digest?: string | null
  /** ISO; defaults to created_at */
  updated_at?: string
}

/** A workflow (a file under .github/workflows). */
export interface SeedWorkflow {
  id: number
  /** the workflow's `name:` */
  name: string
  /** '.github/workflows/build.yml' */
  path: string
}

/** A workflow run. Artifacts name it by id in `workflow_run.id`. */
export interface SeedRun {
  id: number
  workflow_id: number
  /** push, pull_request, schedule, workflow_dispatch, ... */
  event: string
  status: 'completed' | 'in_progress' | 'queued' | 'waiting' | 'requested' | 'pending'
  /** success, failure, cancelled, skipped, timed_out, ...; null until completed */
  conclusion: string | null
  head_branch: string
  head_sha: string
  head_repository_id: number
  run_number: number
  run_attempt?: number
  /**
   * the run's `path` when it is not its workflow's: reusable or required workflows carry a ref,
   * `octo-org/octo-repo/.github/workflows/build.yml@refs/heads/main`
   */
  path?: string
  created_at: string // ISO
  updated_at?: string // ISO; defaults to created_at
  /** numbers of the open pull requests whose head this run matches (same repository only) */
  pull_requests?: number[]
}

/** A pull request, as far as runs and artifacts care. */
export interface SeedPullRequest {
  number: number
  title?: string
  state: 'open' | 'closed'
  head_ref: string
  head_sha: string
  /** the head's repository id; a fork's differs from the base repository's */
  head_repository_id: number
  base_ref: string
  created_at: string // ISO
}

/** A git tag, as `GET /repos/{owner}/{repo}/tags` lists it. */
export interface SeedTag {
  name: string
  /** the commit the tag points at (40 hex digits) */
  sha: string
}

/** Runs, workflows and pull requests of a repository (all optional). */
export interface SeedRepositoryExtras {
  id?: number
  workflows?: SeedWorkflow[]
  runs?: SeedRun[]
  pulls?: SeedPullRequest[]
  /** tags, in the order the tags endpoint serves them */
  tags?: SeedTag[]
  /** archived repositories refuse deletes (403 `Repository was archived so is read-only.`) */
  archived?: boolean
  /** private repositories need the fine-grained read permissions; public ones do not (default false) */
  private?: boolean
  /** the repository's `size` field in kB (default: the sum of its artifacts' sizes, in kB) */
  sizeKb?: number
  /** the owner is an organisation (default) or a user: decides GET /orgs/{org}/repos */
  ownerType?: 'Organization' | 'User'
}

/** An artifact exactly as the REST API serves it (field order as GitHub's). */
export interface WireArtifact {
  id: number
  node_id: string
  name: string
  size_in_bytes: number
  url: string
  archive_download_url: string
  expired: boolean
  created_at: string
  expires_at: string
  updated_at: string
  /** absent on GHES and for older artifacts (`EmulatorOptions.omitDigest`) */
  digest?: string | null
  workflow_run: WorkflowRunRef
}

export interface RecordedRequest {
  method: string
  /** path without the query string */
  path: string
  query: Record<string, string>
  /** 0 while no response was started (or the connection was dropped) */
  status: number
  /** whether the request carried an Authorization header */
  authorization: boolean
  /** emulator clock (ms) when the request arrived */
  at: number
  /** 'api' for the REST API, 'blob' for signed download URLs */
  kind: 'api' | 'blob'
}

/**
 * What a request hook sees. Hooks run, in order, before anything else for every request (API and
 * blob): the seam for fault injection (latency, 5xx, connection resets, secondary limits) and
 * bandwidth caps.
 */
export interface RequestContext {
  kind: 'api' | 'blob'
  method: string
  path: string
  query: Record<string, string>
  /** the bearer token, if any */
  token: string | null
  req: IncomingMessage
  res: ServerResponse
  record: RecordedRequest
  /** set by a hook to wrap the body stream of a blob download (e.g. throttle it) */
  transformBody?: (body: Readable) => Readable
  /** set by a hook to rewrite the JSON answer the route builds (malformed answers, `malformed.ts`) */
  transformJson?: (answer: JsonAnswer) => JsonAnswer
}

/** A JSON answer on its way out, as a `transformJson` hook sees and rewrites it. */
export interface JsonAnswer {
  status: number
  /** what the route built; ignored when `raw` is set */
  body: unknown
  /** headers the route added (link, location, ...) */
  headers: Record<string, string>
  /** sent as it is instead of the JSON body (HTML, invalid JSON) */
  raw?: { text: string; contentType: string }
}

/** Return true when the hook has answered the request (or destroyed the socket): nothing else runs. */
export type RequestHook = (ctx: RequestContext) => boolean | void | Promise<boolean | void>

export interface EmulatorOptions {
  /** default { ghs_write_token: 'write', ghs_read_token: 'read' } */
  tokens?: Record<string, Permission | TokenSpec>
  /** primary limit per token, default 5000 per 3600000 ms */
  rateLimit?: { limit: number; windowMs?: number }
  /** signed URL lifetime, default 60000 (GitHub: one minute) */
  blobUrlTtlMs?: number
  /** clock (ms since epoch), default Date.now */
  now?: () => number
  /** request hooks, run in order before routing (see RequestHook) */
  hooks?: RequestHook[]
  /**
   * Path style of Link header URLs. GitHub links pages as /repositories/{id}/...; 'repos' uses
   * /repos/{owner}/{repo}/... instead. Both are served. Default 'repositories'.
   */
  linkStyle?: 'repositories' | 'repos'
  /**
   * The filtered workflow-runs listings (`/actions/runs` with branch, status, event, head_sha,
   * actor, created or check_suite_id, and every `/actions/workflows/{id}/runs`) are served from a
   * search index that lags this many ms behind: a run created less than this ago is missing,
   * and a status change less than this ago is not yet seen by the filter. The unfiltered listing
   * and Get a workflow run are always current. Default 0.
   */
  runIndexLagMs?: number
  /** with runIndexLagMs: serve the index's stale status and conclusion too (default: current) */
  runIndexServesStale?: boolean
  /** the status of a primary rate limit refusal: 403 (default) or 429, as GitHub may answer */
  rateLimitStatus?: 403 | 429
  /** GHES and older artifacts: no `digest` field at all in artifact bodies */
  omitDigest?: boolean
  /**
   * Serve signed blob URLs from a separate listener under this host name (say
   * `blobs.emulator.invalid`, which never resolves), so that only a forward proxy that maps it
   * (`startForwardProxy({ hosts: emu.hosts })`) can reach them. The API then answers 404 on
   * /_blobs/. Default: blobs on the API's own host.
   */
  blobHost?: string
  /**
   * A host name for the API (say `api.emulator.invalid`): `emu.apiUrl` uses it, and links in
   * answers follow the Host a request was sent to. `emu.url` (127.0.0.1) keeps working.
   */
  apiHost?: string
}

export interface RateLimitState {
  limit: number
  used: number
  remaining: number
  /** epoch seconds */
  reset: number
}

export interface Emulator {
  /** 'http://127.0.0.1:<port>': the API base URL (what GITHUB_API_URL is set to) */
  url: string
  /**
   * Adds a repository. Runs named by artifacts but not given in `opts.runs` are made up (a
   * successful push run of workflow `ci.yml`), so every run id an artifact carries can be fetched.
   */
  addRepository(fullName: string, artifacts: SeedArtifact[], opts?: SeedRepositoryExtras): void
  /** adds artifacts to a repository added before */
  addArtifacts(fullName: string, artifacts: SeedArtifact[]): void
  /** the repository's numeric id (as in /repositories/{id} and workflow_run.repository_id) */
  repositoryId(fullName: string): number
  /** workflow runs of a repo as stored, newest first (id desc) */
  listRuns(fullName: string): SeedRun[]
  /** live (not deleted) artifacts of a repo, in wire form as the API serves them, newest first */
  listArtifacts(fullName: string): WireArtifact[]
  /** ids deleted through the API, in order */
  deletedIds(fullName: string): number[]
  /** every request received, API and blob, in order of arrival */
  requests: RecordedRequest[]
  /** blob requests that carried an Authorization header */
  blobAuthorizationAttempts: number
  resetRequests(): void
  /** primary rate limit state of a token's budget, or of `owner/repo`'s GITHUB_TOKEN budget (not counted) */
  rateLimit(token: string): RateLimitState
  /** adds a request hook; returns a function that removes it */
  addHook(hook: RequestHook): () => void
  /** the API's URL under `apiHost` when given, else `url` (what GITHUB_API_URL is set to) */
  apiUrl: string
  /** host names only a proxy can resolve, to the address that serves them (for startForwardProxy) */
  hosts: Record<string, string>
  /**
   * Another client spends `n` requests (default: all that remain) of a budget right now: `who`
   * is a token (its budget) or `owner/repo` (that repository's GITHUB_TOKEN budget).
   */
  drainBudget(who: string, n?: number): void
  /** drains the budget (all of it) once `afterRequests` more requests have been counted on it */
  drainBudgetAfter(who: string, afterRequests: number): void
  /** adds a workflow run (any status) and, optionally, artifacts it made so far */
  addRun(fullName: string, run: SeedRun, artifacts?: SeedArtifact[]): void
  /** a run's status changes now (the run index sees it `runIndexLagMs` later) */
  setRunStatus(
    fullName: string,
    runId: number,
    status: SeedRun['status'],
    conclusion?: string | null
  ): void
  /** completes a run now with this conclusion (default success) */
  completeRun(fullName: string, runId: number, conclusion?: string): void
  /** sets or clears `archived` on a repository */
  setArchived(fullName: string, archived: boolean): void
  close(): Promise<void>
}
