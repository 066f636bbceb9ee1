import { resolve as resolvePath } from 'node:path'
import { ActionError, InputError } from './errors.js'
import { type ActionDefaults, effectiveInput } from './input-defaults.js'
import { hasGlobSyntax, splitList } from './patterns.js'
import {
  type Criteria,
  DIGEST_MISMATCH,
  type DownloadSettings,
  IF_NONE_FOUND,
  type IfNoneFound,
  Inputs,
  KEEP_LATEST_BY,
  type KeepLatestBy,
  LATEST,
  type Latest,
  MODES,
  type Mode,
  type Reserve,
  RUN_CONCLUSIONS,
  type RunCriteria,
  type Scope,
  type Settings
} from './settings.js'
import { DURATION_HELP, SIZE_HELP, parseDuration, parseSize } from './units.js'
import { readTargets, refuseOneRepositoryInputs } from './many/targets.js'

/** Reads one input as the runner gives it (core.getInput's signature). */
export type InputReader = (name: string) => string

/** Environment values the action reads besides its inputs. */
export interface ActionEnvironment {
  GITHUB_API_URL?: string
  GITHUB_SERVER_URL?: string
  GITHUB_WORKSPACE?: string
  /** The run this step belongs to: delete never touches its artifacts. */
  GITHUB_RUN_ID?: string
  HOME?: string
  /** What a literal `${{ github.token }}` / `${{ github.repository }}` falls back to. */
  GITHUB_TOKEN?: string
  GITHUB_REPOSITORY?: string
}

const SELECTING_INPUTS = [
  Inputs.Name,
  Inputs.ArtifactIds,
  Inputs.RunId,
  Inputs.Branch,
  Inputs.Commit,
  Inputs.OlderThan,
  Inputs.NewerThan,
  Inputs.MinSize,
  Inputs.Workflow,
  Inputs.Event,
  Inputs.PullRequest
]

/**
 * Reads and validates every input. Throws an InputError naming the first bad input; nothing is
 * sent to the API before this returns.
 */
export function readSettings(
  getInput: InputReader,
  env: ActionEnvironment = {},
  defaults?: ActionDefaults
): Settings {
  // An empty value means the default (action.yml's); see src/input-defaults.ts.
  const read = (name: string): string => effectiveInput(name, getInput(name), defaults, { ...env })
  const mode = readChoice(read, Inputs.Mode, MODES)
  const token = read(Inputs.Token)
  if (token === '')
    throw new InputError(Inputs.Token, '', 'a GitHub token (the default is ${{ github.token }})')
  if (/\s/.test(token)) {
    // never the value: it is a secret (the InputError would print it)
    throw new ActionError(
      `Input '${Inputs.Token}' holds a line break or other whitespace inside it: a GitHub token is ` +
        'one word. Check how the secret was stored (a pasted line break, two tokens in one secret).'
    )
  }
  // Several repositories or owner/* (src/many/); one owner/name keeps the single path.
  const targets = readTargets(read(Inputs.Repository), mode)
  if (targets) refuseOneRepositoryInputs(read)
  const [owner, repo] = targets ? [targets.label, '*'] : readRepository(read(Inputs.Repository))
  const names = readNames(read(Inputs.Name))
  const runId = readOptionalInteger(read, Inputs.RunId, 1)
  const ids = readIds(read(Inputs.ArtifactIds))
  const criteria = readCriteria(read, names, mode)
  if (mode === 'delete') refuseDeleteEverything(read)
  if (ids.length > 0 && runId !== undefined) {
    throw new InputError(
      Inputs.RunId,
      read(Inputs.RunId),
      `no value when '${Inputs.ArtifactIds}' is given (use one of them)`
    )
  }
  const common = {
    token,
    owner,
    repo,
    scope: readScope(ids, runId, names),
    criteria,
    runs: readRunCriteria(read, mode),
    dryRun: readBoolean(read, Inputs.DryRun),
    ifNoneFound: readIfNoneFound(read, mode),
    reserve: readReserve(read(Inputs.RateLimitReserve)),
    concurrency: readInteger(read, Inputs.Concurrency, 1, 64),
    deletesPerMinute: readInteger(read, Inputs.DeletesPerMinute, 0, 100000),
    apiUrl: withoutCredentials(env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    currentRunId: /^[1-9]\d{0,15}$/.test(env.GITHUB_RUN_ID ?? '')
      ? Number(env.GITHUB_RUN_ID)
      : undefined,
    ...(targets ? { targets } : {})
  }
  if (mode === 'download') return { mode, ...common, download: readDownload(read, names, env) }
  return { mode, ...common }
}

function readCriteria(read: InputReader, names: string[], mode: Mode): Criteria {
  return {
    names,
    branch: readBranch(read(Inputs.Branch)),
    commit: readCommit(read(Inputs.Commit)),
    olderThanMs: readDuration(read, Inputs.OlderThan),
    newerThanMs: readDuration(read, Inputs.NewerThan),
    minSize: readSize(read, Inputs.MinSize),
    includeExpired: readBoolean(read, Inputs.IncludeExpired),
    keepLatest: readInteger(read, Inputs.KeepLatest, 0),
    keepLatestBy: readChoice(read, Inputs.KeepLatestBy, KEEP_LATEST_BY) as KeepLatestBy,
    keepTagged: readPatterns(read, Inputs.KeepTagged, 'tag-name globs'),
    limit: readOptionalInteger(read, Inputs.Limit, 1),
    order: mode === 'delete' ? 'oldest-first' : 'newest-first',
    ...(mode === 'download'
      ? { skipForks: !readBoolean(read, Inputs.AllowForks), latest: readLatest(read) }
      : {})
  }
}

/** `${{ github.ref }}` works: a leading `refs/heads/` or `refs/tags/` is dropped. */
function readBranch(value: string): string | undefined {
  return value.replace(/^refs\/(?:heads|tags)\//, '') || undefined
}

function readDownload(
  read: InputReader,
  names: string[],
  env: ActionEnvironment
): DownloadSettings {
  let path = read(Inputs.Path)
  if (path === '' || path.includes('\0'))
    throw new InputError(Inputs.Path, path, 'a directory, relative to the workspace')
  if ((path === '~' || path.startsWith('~/')) && env.HOME) path = env.HOME + path.slice(1)
  return {
    path: resolvePath(env.GITHUB_WORKSPACE || process.cwd(), path),
    mergeMultiple: readBoolean(read, Inputs.MergeMultiple),
    extract: readBoolean(read, Inputs.Extract),
    digestMismatch: readChoice(read, Inputs.DigestMismatch, DIGEST_MISMATCH),
    singleExactName: exactNameOf(names) !== undefined
  }
}

function readScope(ids: number[], runId: number | undefined, names: string[]): Scope {
  if (ids.length > 0) return { kind: 'ids', ids }
  const exactName = exactNameOf(names)
  if (runId !== undefined) return { kind: 'run', runId, exactName }
  return { kind: 'repository', exactName }
}

/** The one name when `name` is a single exact name (no glob, no '!'), else undefined. */
export function exactNameOf(names: string[]): string | undefined {
  return names.length === 1 && !hasGlobSyntax(names[0]) ? names[0] : undefined
}

function refuseDeleteEverything(read: InputReader): void {
  // Parsed, not raw: `name: ','` (two empty template values) would otherwise select every name.
  if (SELECTING_INPUTS.some((name) => splitList(read(name)).length > 0)) return
  if (!['auto', 'any'].includes(read(Inputs.RunConclusion))) return
  throw new ActionError(
    `mode 'delete' needs at least one selecting input (${[...SELECTING_INPUTS, Inputs.RunConclusion].join(', ')}). ` +
      `To delete every artifact of the repository, ask for it with name: '*'.`
  )
}

function readChoice<T extends string>(read: InputReader, name: string, allowed: readonly T[]): T {
  const value = read(name)
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`)
  }
  return value as T
}

/**
 * The run inputs. `run-conclusion: auto` is `success` for download (only a finished, green run's
 * artifacts are worth fetching) and `any` otherwise; undefined when nothing narrows the runs.
 */
function readRunCriteria(read: InputReader, mode: Mode): RunCriteria | undefined {
  const given = read(Inputs.Workflow)
  // `.github/workflows/build.yml` (the path) is the file name `build.yml`.
  const workflow = given.replace(/^\.?\/?\.github\/workflows\//, '')
  if (workflow !== '' && !/^(?:[1-9]\d{0,15}|[\w.-]+\.ya?ml)$/.test(workflow)) {
    throw new InputError(
      Inputs.Workflow,
      given,
      "a workflow file name ('build.yml'), its path ('.github/workflows/build.yml') or the workflow's numeric id"
    )
  }
  const choice = readChoice(read, Inputs.RunConclusion, ['auto', 'any', ...RUN_CONCLUSIONS])
  const conclusion =
    choice === 'auto' ? ((mode as string) === 'download' ? 'success' : undefined) : choice
  const event = read(Inputs.Event)
  if (event !== '' && !/^[a-z][a-z_]{0,49}$/.test(event)) {
    throw new InputError(
      Inputs.Event,
      event,
      "the name of the event that triggered the runs ('push', 'pull_request', 'schedule', ...)"
    )
  }
  const runs: RunCriteria = {
    workflow: workflow || undefined,
    conclusion: conclusion === 'any' ? undefined : conclusion,
    event: event || undefined,
    pullRequest: readOptionalInteger(read, Inputs.PullRequest, 1)
  }
  return Object.values(runs).some((v) => v !== undefined) ? runs : undefined
}

/** `auto` is `error` for download (the step needs the files) and `ignore` otherwise. */
function readIfNoneFound(read: InputReader, mode: Mode): IfNoneFound {
  const value = readChoice(read, Inputs.IfNoneFound, ['auto', ...IF_NONE_FOUND])
  if (value !== 'auto') return value
  return (mode as string) === 'download' ? 'error' : 'ignore'
}

/** The same words core.getBooleanInput accepts (YAML 1.2 core schema). */
function readBoolean(read: InputReader, name: string): boolean {
  const value = read(name)
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InputError(name, value, "'true' or 'false'")
}

function readRepository(value: string): [string, string] {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(value)
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new InputError(
      Inputs.Repository,
      value,
      "'owner/name' (the default is ${{ github.repository }})"
    )
  }
  return [match[1], match[2]]
}

function readNames(value: string): string[] {
  return readPatterns(() => value, Inputs.Name, 'glob patterns')
}

/** Glob patterns, one per line or comma-separated; a leading '!' excludes. */
function readPatterns(read: InputReader, name: string, what: string): string[] {
  const patterns = splitList(read(name))
  for (const pattern of patterns) {
    if (pattern === '!' || hasControlCharacter(pattern)) {
      throw new InputError(
        name,
        pattern,
        `${what} (one per line or comma-separated; a leading '!' excludes)`
      )
    }
  }
  return patterns
}

/** `latest`: 'run', 'name' or 'all'; the booleans of earlier versions mean 'name' and 'all'. */
function readLatest(read: InputReader): Latest {
  const value = read(Inputs.Latest)
  if (['true', 'True', 'TRUE'].includes(value)) return 'name'
  if (['false', 'False', 'FALSE'].includes(value)) return 'all'
  if ((LATEST as readonly string[]).includes(value)) return value as Latest
  throw new InputError(
    Inputs.Latest,
    value,
    `one of ${LATEST.map((a) => `'${a}'`).join(', ')} ('true' means 'name', 'false' means 'all')`
  )
}

function readIds(value: string): number[] {
  const ids = splitList(value).map((item) => {
    if (!/^[1-9]\d{0,15}$/.test(item) || !Number.isSafeInteger(Number(item))) {
      throw new InputError(
        Inputs.ArtifactIds,
        item,
        'artifact ids: positive whole numbers, one per line or comma-separated'
      )
    }
    return Number(item)
  })
  return [...new Set(ids)]
}

function readCommit(value: string): string | undefined {
  if (value === '') return undefined
  if (!/^[0-9a-fA-F]{7,40}$/.test(value)) {
    throw new InputError(
      Inputs.Commit,
      value,
      'a full commit SHA or a prefix of at least 7 hex digits'
    )
  }
  return value.toLowerCase()
}

function readDuration(read: InputReader, name: string): number | undefined {
  const value = read(name)
  if (value === '') return undefined
  const ms = parseDuration(value)
  if (ms === undefined) throw new InputError(name, value, DURATION_HELP)
  return ms
}

function readSize(read: InputReader, name: string): number | undefined {
  const value = read(name)
  if (value === '') return undefined
  const bytes = parseSize(value)
  if (bytes === undefined) throw new InputError(name, value, SIZE_HELP)
  return bytes
}

/** A whole number input that always has a value (its default is in action.yml). */
function readInteger(read: InputReader, name: string, min: number, max?: number): number {
  const value = readOptionalInteger(read, name, min, max)
  if (value === undefined) {
    const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`
    throw new InputError(name, '', `a whole number ${range}`)
  }
  return value
}

function readOptionalInteger(
  read: InputReader,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER
): number | undefined {
  const value = read(name)
  if (value === '') return undefined
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`
    throw new InputError(name, value, `a whole number ${range}`)
  }
  return number
}

function readReserve(value: string): Reserve {
  if (value === 'auto') return { kind: 'auto' }
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value)
  const number = match ? Number(match[1]) : NaN
  if (
    !match ||
    (match[2] === '%' && number > 100) ||
    (match[2] === '' && !Number.isInteger(number))
  ) {
    throw new InputError(
      Inputs.RateLimitReserve,
      value,
      "'auto', a number of requests ('100') or a percentage of the limit ('10%')"
    )
  }
  return match[2] === '%' ? { kind: 'percent', value: number } : { kind: 'count', value: number }
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20)
}

/**
 * GITHUB_API_URL without a `user:password@` (fetch refuses a URL that holds one, and the token
 * is what authenticates): the rest of the URL is used as it is. main.ts says it was dropped.
 */
export function withoutCredentials(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  if (parsed.username === '' && parsed.password === '') return url
  parsed.username = ''
  parsed.password = ''
  return parsed.href
}
