/**
 * Several repositories (SPEC "Many repositories"): the named ones and every repository of each
 * `owner/*` the token can see, each given the same selection and the mode's operation, over one
 * client: one Traffic, so one budget, one pacing of deletes, one concurrency bound and one reserve
 * across all of them. Archived repositories are reported and skipped (GitHub refuses deletes
 * there). Once the reserve is reached nothing new starts; the repositories not reached are named,
 * and the next run (which lists again) finishes the job.
 */
import pLimit from 'p-limit'
import { ActionError, errorMessage } from '../errors.js'
import { type ManyGitHub, connectMany } from '../github/connect.js'
import { ReserveReachedError, classifyError } from '../github/errors.js'
import type { RepositoryListSource } from '../github/repos-api.js'
import { type SelectionPredicates, listForSelection } from '../listing/index.js'
import { learnProtections, protectionQuery } from '../listing/protected.js'
import type { Clock, Log } from '../log.js'
import { type OperationResult, resultOf, runOperation } from '../operations/index.js'
import { escapeLogText } from '../report/escape.js'
import { type RepositoryOutcome, repositoryEntries } from '../report/repositories.js'
import { type ReportSink, writeReport } from '../report-io.js'
import { reportSpared } from '../report/spared.js'
import { selectArtifacts, selectionPredicates } from '../select.js'
import type { Settings } from '../settings.js'
import { formatBytes } from '../units.js'
import type { ManyTargets } from './targets.js'

/** What runMany needs of @actions/core. */
export interface ManyIo extends ReportSink {
  startGroup(name: string): void
  endGroup(): void
}

/** Settings of a run over several repositories. */
export type ManySettings = Settings & { targets: ManyTargets }

/** Whether the settings name several repositories (or `owner/*`). */
export function isMany(settings: Settings): settings is ManySettings {
  return settings.targets !== undefined
}

/** A repository to work on. */
interface Target {
  owner: string
  repo: string
}

/** How far the whole run got: set once, read by every repository before it starts. */
interface RunState {
  stopReason?: string
  fatal?: Error
}

/** The action over several repositories: resolve them, act in each, report once. */
export async function runMany(
  io: ManyIo,
  settings: ManySettings,
  env: NodeJS.ProcessEnv,
  clock: Clock
): Promise<void> {
  const github = connectMany(settings, env, io, clock)
  const now = new Date(clock.now())
  const state: RunState = {}
  io.startGroup(`Repositories: ${settings.targets.label}`)
  let resolved: { active: Target[]; archived: string[] }
  try {
    resolved = await resolveTargets(github, settings.targets, io, state)
  } finally {
    io.endGroup()
  }
  const predicates = selectionPredicates(settings.criteria, now)
  const limit = pLimit(settings.concurrency)
  io.startGroup(`${settings.mode} in ${resolved.active.length} repositories`)
  let outcomes: RepositoryOutcome[]
  try {
    outcomes = await Promise.all(
      resolved.active.map((target) =>
        limit(() => workOn(github, settings, target, predicates, io, clock, state))
      )
    )
  } finally {
    io.endGroup()
  }
  const archived = resolved.archived.map((repository): RepositoryOutcome => ({
    repository,
    archived: true
  }))
  const result = combine(settings, [...outcomes, ...archived], state)
  await writeReport(io, result, now, settings.serverUrl)
  if (result.results.length === 0 && !state.stopReason && settings.ifNoneFound !== 'ignore') {
    const message = `No artifact matched the selection in any of the ${outcomes.length} repositories.`
    if (settings.ifNoneFound === 'error')
      throw new ActionError(
        `${message} Set 'if-none-found: warn' or 'ignore' to let the step pass.`
      )
    io.warning(message)
  }
}

/** The named repositories and each owner's visible ones, each once; archived ones apart. */
async function resolveTargets(
  github: ManyGitHub,
  targets: ManyTargets,
  log: Log,
  state: RunState
): Promise<{ active: Target[]; archived: string[] }> {
  const active = new Map<string, Target>()
  const archived: string[] = []
  for (const t of targets.repositories) active.set(`${t.owner}/${t.repo}`.toLowerCase(), t)
  for (const owner of targets.owners) {
    try {
      const listed = await github.repositories.listOwnerRepositories(owner)
      log.info(
        `${owner}/*: ${listed.repositories.length} repositories from ${SOURCE_TEXT[listed.source]} ` +
          `(${listed.requests} requests)`
      )
      if (listed.repositories.length === 0)
        log.warning(`The token sees no repository of '${owner}'; check the 'token' input.`)
      for (const r of listed.repositories) {
        const key = `${r.owner}/${r.repo}`.toLowerCase()
        if (r.archived) {
          archived.push(`${r.owner}/${r.repo}`)
          active.delete(key)
        } else if (!archived.some((a) => a.toLowerCase() === key)) {
          active.set(key, { owner: r.owner, repo: r.repo })
        }
      }
    } catch (error) {
      if (!(error instanceof ReserveReachedError)) throw error
      state.stopReason ??= error.message
    }
  }
  if (archived.length > 0)
    log.info(
      `Skipped ${archived.length} archived repositories (GitHub refuses deletes there): ` +
        archived.map(escapeLogText).join(', ')
    )
  return { active: [...active.values()], archived }
}

const SOURCE_TEXT: Record<RepositoryListSource, string> = {
  installation: "the App installation's list",
  organization: "the organisation's list",
  user: "the token user's own list",
  public: "the user's public list"
}

/** One repository: list, select, act; a stop or a failure is recorded, never thrown. */
async function workOn(
  github: ManyGitHub,
  settings: ManySettings,
  { owner, repo }: Target,
  predicates: SelectionPredicates,
  io: Log,
  clock: Clock,
  state: RunState
): Promise<RepositoryOutcome> {
  const repository = `${owner}/${repo}`
  if (state.stopReason || state.fatal) return { repository, archived: false }
  const one: Settings = { ...settings, owner, repo, targets: undefined }
  const log = prefixed(io, repository)
  const gh = github.forRepository(owner, repo)
  try {
    const listed = await listForSelection(gh, one, predicates, log)
    if (listed.kind === 'stopped') {
      state.stopReason ??= listed.reason
      return { repository, archived: false }
    }
    // What delete never touches (runs not completed, keep-tagged), learnt in each repository.
    const now = new Date(clock.now())
    const unprotected = selectArtifacts(listed.artifacts, one.criteria, now)
    const { protections } = await learnProtections(gh, protectionQuery(one, unprotected, now), log)
    const selection = selectArtifacts(listed.artifacts, one.criteria, now, protections)
    reportSpared(log, selection, (id) => `${one.serverUrl}/${repository}/actions/runs/${id}`)
    const deps = { ...gh, log, clock, mask: () => undefined }
    const outcome = await runOperation(deps, selection, one)
    if (outcome.stopReason) state.stopReason ??= outcome.stopReason
    if (outcome.fatal) state.fatal ??= outcome.fatal
    const whole = resultOf(one, selection, listed.missingIds, outcome)
    const result = listed.cut ? { ...whole, listingCut: true } : whole
    const bytes = selection.selected.reduce((sum, a) => sum + a.sizeInBytes, 0)
    log.info(
      `${selection.listed} listed, ${selection.selected.length} selected (${formatBytes(bytes)})`
    )
    return { repository, archived: false, result }
  } catch (error) {
    // The budget drained by someone else (another workflow on the same token): a stop, not a failure.
    if (classifyError(error).kind === 'primary-rate-limit') {
      state.stopReason ??= `The API rate limit is spent (${errorMessage(error)}).`
      return { repository, archived: false }
    }
    log.warning(errorMessage(error))
    return { repository, archived: false, error: errorMessage(error) }
  }
}

/** A log whose every line names the repository (repositories are worked on concurrently). */
function prefixed(log: Log, repository: string): Log {
  const p = `[${escapeLogText(repository)}] `
  return {
    info: (m) => log.info(p + m),
    warning: (m) => log.warning(p + m),
    debug: (m) => log.debug(p + m)
  }
}

/** One result over every repository, each artifact tagged with its repository. */
function combine(
  settings: ManySettings,
  outcomes: RepositoryOutcome[],
  state: RunState
): OperationResult {
  const reached = outcomes.filter((o) => o.result !== undefined)
  const results = reached.flatMap((o) =>
    (o.result as OperationResult).results.map((r) => ({ ...r, repository: o.repository }))
  )
  const notReached = outcomes.filter((o) => !o.archived && !o.result && !o.error)
  const unfinished = repositoryEntries(outcomes)
    .filter((e) => !e.complete && !outcomes.some((o) => o.repository === e.repository && o.error))
    .map((e) => e.repository)
  const failed = outcomes.filter((o) => o.error)
  const stopReason = state.stopReason
    ? `${state.stopReason} Repositories left for the next run (${unfinished.length}, of which ` +
      `${notReached.length} not reached at all): ${nameSome(unfinished)}.`
    : undefined
  const fatal =
    state.fatal ??
    (failed.length > 0
      ? new ActionError(
          `${failed.length} repositories could not be handled: ` +
            failed
              .slice(0, 20)
              .map((o) => `${o.repository}: ${o.error}`)
              .join('; ') +
            '. The others were handled; check the repository names and the token.'
        )
      : undefined)
  return {
    mode: settings.mode,
    // No owner/* here: the summary's first line prints it as Markdown ('*' is emphasis).
    repository: `${outcomes.length} repositories`,
    dryRun: settings.dryRun,
    results,
    sparedCount: reached.reduce((n, o) => n + (o.result?.sparedCount ?? 0), 0),
    listedCount: reached.reduce((n, o) => n + (o.result?.listedCount ?? 0), 0),
    missingIds: [],
    repositories: outcomes,
    ...(stopReason ? { stopReason } : {}),
    ...(notReached.length > 0 ? { unlisted: 0 } : {}),
    ...(fatal ? { fatal } : {})
  }
}

function nameSome(names: string[]): string {
  const shown = names.slice(0, 30).map(escapeLogText)
  return shown.join(', ') + (names.length > 30 ? ` and ${names.length - 30} more` : '')
}
