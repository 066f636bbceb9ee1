/**
 * Malformed answers (issue 11), plugged in through the RequestHook seam: the route builds its true
 * answer, then `transformJson` damages it before it is sent. Off unless installed; the OpenAPI
 * checks in the emulator's own tests never see these answers because they are deliberately wrong.
 *
 * Only 200 answers of the endpoints chosen are damaged; errors, deletes and blobs pass untouched.
 */
import { linkHeader, parsePaging } from './paging.js'
import type { Emulator, JsonAnswer, RequestContext, RequestHook } from './types.js'

/** The endpoints that can answer malformed. */
export type MalformedEndpoint =
  /** GET …/actions/artifacts and …/actions/runs/{id}/artifacts */
  | 'artifact-list'
  /** GET …/actions/artifacts/{id} */
  | 'artifact'
  /** GET …/actions/runs and …/actions/workflows/{id}/runs */
  | 'run-list'
  /** GET …/actions/runs/{id} */
  | 'run'
  /** GET …/pulls/{number} */
  | 'pull'

/**
 * The kinds of damage:
 * - `html`: a 200 with an HTML page (a captive portal or a proxy's login page);
 * - `invalid-json`: a 200 whose JSON is cut short;
 * - `list-null`: `artifacts: null` / `workflow_runs: null` (a single resource: the body is `null`);
 * - `string-null`: the string the action relies on is null: an artifact's `name`, a run's
 *   `head_sha`, a pull request's `head.ref`;
 * - `date-not-a-date`: `created_at: "yesterday"`;
 * - `negative-size`: an artifact's `size_in_bytes: -5e20` (a run's `run_number`);
 * - `string-id`: `id: "<id>"` (a pull request's `number`);
 * - `total-count`: `total_count` is `totalCount` (default 1e12) on every page;
 * - `always-full`: every page is full (made-up items after the real ones, fresh ids) and links a
 *   next page, forever (with `totalCount` given, that is the claim; otherwise the true count).
 */
export type MalformedKind =
  | 'html'
  | 'invalid-json'
  | 'list-null'
  | 'string-null'
  | 'date-not-a-date'
  | 'negative-size'
  | 'string-id'
  | 'total-count'
  | 'always-full'

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'html',
  'invalid-json',
  'list-null',
  'string-null',
  'date-not-a-date',
  'negative-size',
  'string-id',
  'total-count',
  'always-full'
]

export interface MalformedOptions {
  kind: MalformedKind
  /** Endpoints that answer malformed; default every one. */
  endpoints?: readonly MalformedEndpoint[]
  /** Pages of a list (1-based) that answer malformed; default every page. */
  pages?: readonly number[]
  /** Item of a list page that carries the damage (0-based; default 0). */
  item?: number
  /** The claim for `total-count` (default 1e12). */
  totalCount?: number
}

export interface MalformedController {
  /** Malformed answers sent, by endpoint. */
  served: Record<MalformedEndpoint, number>
  /** Removes the hook. */
  remove(): void
}

/** Ids of made-up items start here (far above the emulator's seeds, below 2^53). */
export const PHANTOM_ID_BASE = 9_000_000_000_000

const ENDPOINTS: [MalformedEndpoint, RegExp][] = [
  ['artifact-list', /\/actions\/(?:runs\/[^/]+\/)?artifacts$/],
  ['artifact', /\/actions\/artifacts\/[^/]+$/],
  ['run-list', /\/actions\/(?:workflows\/[^/]+\/)?runs$/],
  ['run', /\/actions\/runs\/[^/]+$/],
  ['pull', /\/pulls\/[^/]+$/]
]

const LIST_KEY: Partial<Record<MalformedEndpoint, string>> = {
  'artifact-list': 'artifacts',
  'run-list': 'workflow_runs'
}

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in to the proxy</title></head>' +
  '<body><h1>Please sign in</h1><form method="post"><input name="user"></form></body></html>\n'

/** Which endpoint a request is, if it is one that can answer malformed. */
export function malformedEndpointOf(method: string, path: string): MalformedEndpoint | undefined {
  if (method !== 'GET') return undefined
  return ENDPOINTS.find(([, pattern]) => pattern.test(path))?.[0]
}

type Item = Record<string, unknown>

/** Damages one artifact, run or pull request in place. */
function damageItem(endpoint: MalformedEndpoint, item: Item, kind: MalformedKind): void {
  const isRun = endpoint === 'run' || endpoint === 'run-list'
  const isPull = endpoint === 'pull'
  switch (kind) {
    case 'string-null':
      if (isPull) (item.head as Item).ref = null
      else item[isRun ? 'head_sha' : 'name'] = null
      break
    case 'date-not-a-date':
      item.created_at = 'yesterday'
      break
    case 'negative-size':
      item[isRun ? 'run_number' : isPull ? 'commits' : 'size_in_bytes'] = -5e20
      break
    case 'string-id':
      if (isPull) item.number = String(item.number as number)
      else item.id = String(item.id as number)
      break
    default:
      break
  }
}

/** A made-up item shaped like `template`, with a fresh id (and name, for an artifact). */
function phantom(template: Item, id: number, endpoint: MalformedEndpoint): Item {
  const copy = structuredClone(template)
  copy.id = id
  if (endpoint === 'artifact-list') copy.name = `phantom-${id}`
  return copy
}

interface ListState {
  /** the last real item seen, to shape made-up ones after the real data ran out */
  template?: Item
}

function alwaysFull(
  ctx: RequestContext,
  endpoint: MalformedEndpoint,
  answer: JsonAnswer,
  state: ListState,
  totalCount: number | undefined
): JsonAnswer {
  const key = LIST_KEY[endpoint]
  const body = { ...(answer.body as Item) }
  if (totalCount !== undefined) body.total_count = totalCount
  if (!key || !Array.isArray(body[key])) return answer
  const params = new URLSearchParams(ctx.query)
  const { perPage, page } = parsePaging(params)
  const items = body[key] as Item[]
  state.template = items[items.length - 1] ?? state.template
  if (!state.template) return answer // nothing to shape made-up items after: an honest empty page
  const full = [...items]
  for (let i = full.length; i < perPage; i++) {
    full.push(phantom(state.template, PHANTOM_ID_BASE + (page - 1) * perPage + i, endpoint))
  }
  const base = `http://${ctx.req.headers.host ?? '127.0.0.1'}`
  const link = linkHeader(base, ctx.path, params, page, page + 1000)
  return {
    ...answer,
    body: { ...body, [key]: full },
    headers: { ...answer.headers, link: link ?? '' }
  }
}

function damage(
  ctx: RequestContext,
  endpoint: MalformedEndpoint,
  answer: JsonAnswer,
  o: MalformedOptions,
  state: ListState
): JsonAnswer {
  const key = LIST_KEY[endpoint]
  switch (o.kind) {
    case 'html':
      return { ...answer, raw: { text: HTML_PAGE, contentType: 'text/html; charset=utf-8' } }
    case 'invalid-json': {
      const text = JSON.stringify(answer.body)
      return {
        ...answer,
        raw: {
          text: text.slice(0, Math.max(1, Math.floor(text.length / 2))),
          contentType: 'application/json; charset=utf-8'
        }
      }
    }
    case 'always-full':
      return alwaysFull(ctx, endpoint, answer, state, o.totalCount)
    case 'total-count':
      if (!key) return answer
      return { ...answer, body: { ...(answer.body as Item), total_count: o.totalCount ?? 1e12 } }
    case 'list-null':
      return { ...answer, body: key ? { ...(answer.body as Item), [key]: null } : null }
    default: {
      const body = structuredClone(answer.body) as Item
      const target = key ? (body[key] as Item[])[o.item ?? 0] : body
      if (target) damageItem(endpoint, target, o.kind)
      return { ...answer, body }
    }
  }
}

/**
 * A request hook that makes the chosen endpoints answer malformed. Give it in
 * `startEmulator({ hooks: [malformedHook(o)] })`, or use `installMalformed`.
 */
export function malformedHook(
  o: MalformedOptions,
  served?: Record<MalformedEndpoint, number>
): RequestHook {
  const endpoints = new Set(o.endpoints ?? ENDPOINTS.map(([e]) => e))
  const pages = o.pages && new Set(o.pages)
  const state: ListState = {}
  return (ctx) => {
    if (ctx.kind !== 'api') return false
    const endpoint = malformedEndpointOf(ctx.method, ctx.path)
    if (!endpoint || !endpoints.has(endpoint)) return false
    if (
      pages &&
      LIST_KEY[endpoint] &&
      !pages.has(parsePaging(new URLSearchParams(ctx.query)).page)
    ) {
      return false
    }
    ctx.transformJson = (answer) => {
      if (answer.status !== 200) return answer
      if (served) served[endpoint]++
      return damage(ctx, endpoint, answer, o, state)
    }
    return false
  }
}

/** Installs malformed answers on a running emulator; `remove()` makes it honest again. */
export function installMalformed(emulator: Emulator, o: MalformedOptions): MalformedController {
  const served: Record<MalformedEndpoint, number> = {
    'artifact-list': 0,
    artifact: 0,
    'run-list': 0,
    run: 0,
    pull: 0
  }
  const remove = emulator.addHook(malformedHook(o, served))
  return { served, remove }
}
