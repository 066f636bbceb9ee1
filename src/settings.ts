import type { ManyTargets } from './many/targets.js'

/** Input names, exactly as action.yml declares them. */
export const Inputs = {
  Mode: 'mode',
  Token: 'token',
  Repository: 'repository',
  Name: 'name',
  ArtifactIds: 'artifact-ids',
  RunId: 'run-id',
  Branch: 'branch',
  Commit: 'commit',
  OlderThan: 'older-than',
  NewerThan: 'newer-than',
  MinSize: 'min-size',
  IncludeExpired: 'include-expired',
  KeepLatest: 'keep-latest',
  KeepLatestBy: 'keep-latest-by',
  KeepTagged: 'keep-tagged',
  Limit: 'limit',
  DryRun: 'dry-run',
  IfNoneFound: 'if-none-found',
  RateLimitReserve: 'rate-limit-reserve',
  Concurrency: 'concurrency',
  DeletesPerMinute: 'deletes-per-minute',
  Workflow: 'workflow',
  RunConclusion: 'run-conclusion',
  Event: 'event',
  PullRequest: 'pull-request',
  Latest: 'latest',
  AllowForks: 'allow-forks',
  Path: 'path',
  MergeMultiple: 'merge-multiple',
  Extract: 'extract',
  DigestMismatch: 'digest-mismatch'
} as const

/** Output names, exactly as action.yml declares them. */
export const Outputs = {
  Count: 'count',
  Bytes: 'bytes',
  Artifacts: 'artifacts',
  DeletedCount: 'deleted-count',
  DeletedBytes: 'deleted-bytes',
  FailedCount: 'failed-count',
  Complete: 'complete',
  RemainingCount: 'remaining-count',
  DownloadPath: 'download-path',
  Repositories: 'repositories'
} as const

export const MODES = ['list', 'delete', 'download'] as const
export type Mode = (typeof MODES)[number]

export const IF_NONE_FOUND = ['error', 'warn', 'ignore'] as const
export type IfNoneFound = (typeof IF_NONE_FOUND)[number]

/**
 * download's `latest`: `run` = every matching artifact of the newest run that has one (one
 * consistent set); `name` = the newest of each name; `all` = every match.
 */
export const LATEST = ['run', 'name', 'all'] as const
export type Latest = (typeof LATEST)[number]

export const KEEP_LATEST_BY = ['name', 'name-and-branch', 'all'] as const
export type KeepLatestBy = (typeof KEEP_LATEST_BY)[number]

/** Where artifacts are listed from (selection step 1). */
export type Scope =
  | { kind: 'ids'; ids: number[] }
  | { kind: 'run'; runId: number; exactName?: string }
  | { kind: 'repository'; exactName?: string }

/** The filters and spares of selection steps 2–4. */
export interface Criteria {
  /** Name patterns (globs); empty = every name. */
  names: string[]
  /** Glob on workflow_run.head_branch, or undefined. */
  branch?: string
  /** Full SHA or prefix (lower case), or undefined. */
  commit?: string
  /** Only artifacts created more than this many ms ago. */
  olderThanMs?: number
  /** Only artifacts created less than this many ms ago. */
  newerThanMs?: number
  /** Only artifacts at least this many bytes. */
  minSize?: number
  /** Keep expired artifacts in the selection. */
  includeExpired: boolean
  /** Spare the N newest of each group (delete). */
  keepLatest: number
  /** Grouping for keepLatest. */
  keepLatestBy: KeepLatestBy
  /** Act on at most this many artifacts. */
  limit?: number
  /** delete: oldest first; list: newest first. */
  order: 'oldest-first' | 'newest-first'
  /** download: leave out artifacts made by runs from forks. */
  skipForks?: boolean
  /** download: which of the matches to take (`latest`); undefined = every match. */
  latest?: Latest
  /** Tag-name patterns (`keep-tagged`): spare artifacts whose run's commit carries such a tag. */
  keepTagged?: string[]
}

export const DIGEST_MISMATCH = ['error', 'warn', 'ignore'] as const
export type DigestMismatch = (typeof DIGEST_MISMATCH)[number]

/** How download mode writes what it fetched. */
export interface DownloadSettings {
  /** Absolute destination directory (the `path` input, relative to the workspace). */
  path: string
  /** Extract every artifact into `path` itself. */
  mergeMultiple: boolean
  /** Unzip (true) or keep `<name>.zip` (false). */
  extract: boolean
  /** What to do when the SHA-256 digest does not match. */
  digestMismatch: DigestMismatch
  /** `name` is one exact name (no glob): a single match goes straight into `path`. */
  singleExactName: boolean
}

/** A completed run's conclusion, as the API's `status` filter takes it. */
export const RUN_CONCLUSIONS = [
  'success',
  'failure',
  'cancelled',
  'skipped',
  'timed_out',
  'neutral',
  'action_required',
  'stale',
  'startup_failure'
] as const
export type RunConclusion = (typeof RUN_CONCLUSIONS)[number]

/**
 * Which workflow runs the artifacts must come from; answered through the workflow-runs endpoints
 * (src/listing/). Absent when no run input narrows the selection.
 */
export interface RunCriteria {
  /** Workflow file name ('build.yml') or numeric id. */
  workflow?: string
  /** Only completed runs with this conclusion; undefined = any run. */
  conclusion?: RunConclusion
  /** The event that triggered the run ('push', 'pull_request', ...). */
  event?: string
  /** Only runs of this pull request's head commit. */
  pullRequest?: number
}

/**
 * Reserve of the primary rate limit that the action leaves untouched. `auto`: 50 % when the
 * hourly limit is 1,000 (a GITHUB_TOKEN, whose budget every workflow of the repository shares),
 * else 10 %.
 */
export type Reserve =
  { kind: 'count'; value: number } | { kind: 'percent'; value: number } | { kind: 'auto' }

/** What every mode is asked, parsed and validated. */
interface CommonSettings {
  /** Token for the API; only src/github/client.ts reads it. */
  token: string
  /** Repository owner. */
  owner: string
  /** Repository name. */
  repo: string
  /** Where the artifacts are listed from. */
  scope: Scope
  /** The selection's filters. */
  criteria: Criteria
  /** Filters on the artifacts' workflow runs; undefined when none applies. */
  runs?: RunCriteria
  /** delete and download: report what would be done, change nothing, write nothing. */
  dryRun: boolean
  /** What to do when nothing matches. */
  ifNoneFound: IfNoneFound
  /** Primary rate limit reserve. */
  reserve: Reserve
  /** Most requests in flight at once. */
  concurrency: number
  /** Most DELETE requests started per minute (0 = unpaced). */
  deletesPerMinute: number
  /** API base URL (GITHUB_API_URL). */
  apiUrl: string
  /** Server URL (GITHUB_SERVER_URL), for links in the summary. */
  serverUrl: string
  /** GITHUB_RUN_ID, when the action runs in a workflow: delete spares that run's artifacts. */
  currentRunId?: number
  /** Several repositories or `owner/*` (list and delete); absent for one `owner/name`. */
  targets?: ManyTargets
}

/** mode: list. */
export interface ListSettings extends CommonSettings {
  mode: 'list'
}

/** mode: delete. */
export interface DeleteSettings extends CommonSettings {
  mode: 'delete'
}

/** mode: download: the destination and its policies exist exactly here. */
export interface DownloadModeSettings extends CommonSettings {
  mode: 'download'
  /** The destination and its policies. */
  download: DownloadSettings
}

/** Everything the action was asked to do, parsed and validated: one shape per mode. */
export type Settings = ListSettings | DeleteSettings | DownloadModeSettings
