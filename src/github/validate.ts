/**
 * Shape checks of the API's answers: everything the action relies on (arrays, positive safe
 * integer ids, ISO 8601 dates, non-negative safe sizes, strings where strings belong, null only
 * where GitHub's OpenAPI description allows it) is checked before it is used, and a wrong answer is
 * one clear error naming the endpoint, never a TypeError deep in the pipeline. Each check returns
 * a fresh typed value holding only the fields the action uses (so a page's memory is what the
 * action needs, not what the server chose to send).
 *
 * Plain type guards, not a schema library: five small shapes, messages that say which field of
 * which item is wrong, and nothing added to the bundle.
 */
import { escapeLogText } from '../report/escape.js'

/** The API answered something else than the shape an endpoint promises. */
export class ResponseShapeError extends Error {
  constructor(
    /** e.g. 'GET /repos/o/r/actions/artifacts (page 2)' */
    readonly endpoint: string,
    /** e.g. 'an artifact list' */
    readonly expected: string,
    /** e.g. 'artifacts[3].size_in_bytes is -5e+20, not a non-negative integer' */
    readonly problem: string
  ) {
    super(`${endpoint}: the API answered something that is not ${expected} (${problem}).`)
    this.name = 'ResponseShapeError'
  }
}

/** An artifact as the action reads it from the REST API. */
export interface WireArtifact {
  id: number
  name: string
  size_in_bytes: number
  expired: boolean
  /** ISO 8601; null where the description allows it */
  created_at: string | null
  expires_at: string | null
  updated_at: string | null
  /** 'sha256:…'; null (or absent: GHES, upload-artifact < v4) when there is none */
  digest: string | null
  workflow_run: WireArtifactRun | null
}

/** An artifact's `workflow_run`: every field optional, as in the description. */
export interface WireArtifactRun {
  id?: number
  repository_id?: number
  head_repository_id?: number
  head_branch?: string | null
  head_sha?: string
}

export interface WireArtifactList {
  /** a claim, not a plan: see the listing's paging rule */
  total_count: number
  artifacts: WireArtifact[]
}

/** A workflow run as the action reads it. */
export interface WireRun {
  id: number
  workflow_id: number
  path: string
  event: string
  status: string | null
  conclusion: string | null
  head_branch: string | null
  head_sha: string
  created_at: string
  /** null for a run whose fork was deleted (the description says object; GitHub sends null) */
  head_repository: { id: number } | null
  /** The workflow's name, for the report ('CI'); left out when it is not a string. */
  name?: string
  /** The run's number in its workflow, for the report (`CI #89`); left out unless a positive integer. */
  run_number?: number
}

export interface WireRunList {
  total_count: number
  workflow_runs: WireRun[]
}

/** A pull request as the action reads it. */
export interface WirePullRequest {
  number: number
  state: string
  head: {
    ref: string
    sha: string
    /** null when the head's fork was deleted */
    repo: { id: number } | null
  }
}

type Obj = Record<string, unknown>

/** Thrown inside a check; turned into a ResponseShapeError by `check`. */
class Problem extends Error {}

/** Shows a value in a message: JSON, cut short, printable in a log. */
function show(value: unknown): string {
  if (value === undefined) return 'is missing'
  let text: string
  try {
    text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  const cut = text.length > 60 ? `${text.slice(0, 57)}…` : text
  return `is ${escapeLogText(cut)}`
}

function fail(path: string, value: unknown, expected: string): never {
  throw new Problem(`${path === '' ? 'the answer' : path} ${show(value)}, not ${expected}`)
}

/** The path of a field: 'artifacts[3].workflow_run' + 'id'; a top-level field is just its name. */
function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, v, 'an object')
  return v as Obj
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, v, 'an array')
  return v
}

function string(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, v, 'a string')
  return v
}

function boolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, v, 'true or false')
  return v
}

/** A positive safe integer (ids, numbers). */
function id(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    fail(path, v, 'a positive integer id')
  }
  return v
}

/** A non-negative safe integer (sizes, counts). */
function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    fail(path, v, 'a non-negative integer')
  }
  return v
}

/** RFC 3339 date-time, as GitHub writes them ('2025-06-01T12:00:00Z', offsets, fractions). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i

function date(v: unknown, path: string): string {
  if (typeof v !== 'string' || !ISO_DATE_TIME.test(v) || !Number.isFinite(Date.parse(v))) {
    fail(path, v, 'an ISO 8601 date-time')
  }
  return v
}

/** `read(v)` where the description allows null (an absent field counts as null). */
function nullable<T>(
  read: (v: unknown, path: string) => T
): (v: unknown, path: string) => T | null {
  return (v, path) => (v === null || v === undefined ? null : read(v, path))
}

/** `read(v)` for a field the description does not require: absent stays absent. */
function optional<T>(
  read: (v: unknown, path: string) => T
): (v: unknown, path: string) => T | undefined {
  return (v, path) => (v === undefined ? undefined : read(v, path))
}

function artifactRun(v: unknown, path: string): WireArtifactRun {
  const o = object(v, path)
  const run: WireArtifactRun = {}
  const runId = optional(id)(o.id, at(path, 'id'))
  const repositoryId = optional(id)(o.repository_id, at(path, 'repository_id'))
  const headRepositoryId = optional(id)(o.head_repository_id, at(path, 'head_repository_id'))
  const headSha = optional(string)(o.head_sha, at(path, 'head_sha'))
  if (runId !== undefined) run.id = runId
  if (repositoryId !== undefined) run.repository_id = repositoryId
  if (headRepositoryId !== undefined) run.head_repository_id = headRepositoryId
  if (o.head_branch !== undefined)
    run.head_branch = nullable(string)(o.head_branch, at(path, 'head_branch'))
  if (headSha !== undefined) run.head_sha = headSha
  return run
}

function artifact(v: unknown, path: string): WireArtifact {
  const o = object(v, path)
  return {
    id: id(o.id, at(path, 'id')),
    name: string(o.name, at(path, 'name')),
    size_in_bytes: count(o.size_in_bytes, at(path, 'size_in_bytes')),
    expired: boolean(o.expired, at(path, 'expired')),
    created_at: nullable(date)(o.created_at, at(path, 'created_at')),
    expires_at: nullable(date)(o.expires_at, at(path, 'expires_at')),
    updated_at: nullable(date)(o.updated_at, at(path, 'updated_at')),
    digest: nullable(string)(o.digest, at(path, 'digest')),
    workflow_run: nullable(artifactRun)(o.workflow_run, at(path, 'workflow_run'))
  }
}

function run(v: unknown, path: string): WireRun {
  const o = object(v, path)
  return {
    id: id(o.id, at(path, 'id')),
    workflow_id: id(o.workflow_id, at(path, 'workflow_id')),
    path: string(o.path, at(path, 'path')),
    event: string(o.event, at(path, 'event')),
    status: nullable(string)(o.status, at(path, 'status')),
    conclusion: nullable(string)(o.conclusion, at(path, 'conclusion')),
    head_branch: nullable(string)(o.head_branch, at(path, 'head_branch')),
    head_sha: string(o.head_sha, at(path, 'head_sha')),
    created_at: date(o.created_at, at(path, 'created_at')),
    head_repository: nullable(repositoryRef)(o.head_repository, at(path, 'head_repository')),
    // Only the report reads these: one it cannot use is left out, never an error.
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    ...(Number.isSafeInteger(o.run_number) && (o.run_number as number) > 0
      ? { run_number: o.run_number as number }
      : {})
  }
}

function repositoryRef(v: unknown, path: string): { id: number } {
  return { id: id(object(v, path).id, at(path, 'id')) }
}

function listOf<T>(
  key: string,
  item: (v: unknown, path: string) => T
): (v: unknown, path: string) => { total_count: number; items: T[] } {
  return (v, path) => {
    const o = object(v, path)
    const total = count(o.total_count, 'total_count')
    const items = array(o[key], key).map((x, i) => item(x, `${key}[${i}]`))
    return { total_count: total, items }
  }
}

/** Runs `read` on `data`; a wrong shape becomes a ResponseShapeError naming `endpoint`. */
function check<T>(
  data: unknown,
  endpoint: string,
  expected: string,
  read: (v: unknown, path: string) => T
): T {
  if (typeof data === 'string') {
    // Octokit hands over the text when the body is not JSON (an HTML page, a JSON cut short)
    const start = escapeLogText(data.trimStart().slice(0, 40))
    throw new ResponseShapeError(
      endpoint,
      expected,
      `text, not JSON: "${start}${data.length > 40 ? '…' : ''}"`
    )
  }
  try {
    return read(data, '')
  } catch (error) {
    if (error instanceof Problem) throw new ResponseShapeError(endpoint, expected, error.message)
    throw error
  }
}

/** A page of `GET …/actions/artifacts` or `GET …/actions/runs/{id}/artifacts`. */
export function checkArtifactList(data: unknown, endpoint: string): WireArtifactList {
  const list = check(data, endpoint, 'an artifact list', listOf('artifacts', artifact))
  return { total_count: list.total_count, artifacts: list.items }
}

/** `GET …/actions/artifacts/{id}`. */
export function checkArtifact(data: unknown, endpoint: string): WireArtifact {
  return check(data, endpoint, 'an artifact', artifact)
}

/** A page of `GET …/actions/runs` or `GET …/actions/workflows/{id}/runs`. */
export function checkRunList(data: unknown, endpoint: string): WireRunList {
  const list = check(data, endpoint, 'a workflow run list', listOf('workflow_runs', run))
  return { total_count: list.total_count, workflow_runs: list.items }
}

/** `GET …/actions/runs/{id}`. */
export function checkRun(data: unknown, endpoint: string): WireRun {
  return check(data, endpoint, 'a workflow run', run)
}

/** `GET …/pulls/{number}`. */
export function checkPullRequest(data: unknown, endpoint: string): WirePullRequest {
  return check(data, endpoint, 'a pull request', (v, path) => {
    const o = object(v, path)
    const head = object(o.head, at(path, 'head'))
    return {
      number: id(o.number, at(path, 'number')),
      state: string(o.state, at(path, 'state')),
      head: {
        ref: string(head.ref, at(path, 'head.ref')),
        sha: string(head.sha, at(path, 'head.sha')),
        repo: nullable(repositoryRef)(head.repo, at(path, 'head.repo'))
      }
    }
  })
}
