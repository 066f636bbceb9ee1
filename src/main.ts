import * as core from '@actions/core'
import type { Artifact, ArtifactResult } from './artifact.js'
import { ActionError, errorMessage } from './errors.js'
import { OctokitArtifactsApi } from './github/artifacts-api.js'
import { createOctokit, readTuning } from './github/client.js'
import { ReserveReachedError } from './github/errors.js'
import { OctokitRunsApi } from './github/runs-api.js'
import { RateBudget } from './github/rate-budget.js'
import { readSettings } from './inputs.js'
import { type Clock, type Log, systemClock } from './log.js'
import { deleteArtifacts } from './operations/delete.js'
import { downloadArtifacts } from './operations/download.js'
import { Pacer } from './operations/pacer.js'
import { listArtifacts } from './operations/list.js'
import type { OperationResult } from './operations/result.js'
import { renderSummary, toOutputs } from './report.js'
import { type RunListing, explainNoneFound, findNewestByName, listArtifactsOfRuns } from './runs.js'
import { type Selection, selectArtifacts } from './select.js'
import { Outputs, type Settings } from './settings.js'
import { formatBytes } from './units.js'

/** The parts of @actions/core that run() uses; tests pass a recorder. */
export type Core = Log &
  Pick<
    typeof core,
    'getInput' | 'setOutput' | 'setFailed' | 'setSecret' | 'startGroup' | 'endGroup'
  > & {
    writeSummary(markdown: string): Promise<void>
  }

const actionsCore: Core = {
  ...core,
  info: core.info,
  warning: core.warning,
  debug: core.debug,
  writeSummary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
  }
}

/** The action: inputs → list → select → act → outputs and summary. The only setFailed. */
export async function run(
  io: Core = actionsCore,
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock
): Promise<void> {
  try {
    const settings = readSettings(io.getInput, env)
    io.setSecret(settings.token)
    const tuning = readTuning(env)
    const budget = new RateBudget(settings.reserve, { clock, maxWaitMs: tuning.maxWaitMs })
    const pacer = new Pacer(settings.deletesPerMinute, clock)
    const octokit = createOctokit(settings, budget, { tuning, pacer, clock, log: io })
    const api = new OctokitArtifactsApi(
      octokit,
      settings.owner,
      settings.repo,
      settings.concurrency
    )
    const runsApi = new OctokitRunsApi(octokit, settings.owner, settings.repo)
    const repository = `${settings.owner}/${settings.repo}`

    const listing = await inGroup(io, `List artifacts of ${repository}`, () =>
      listForSelection(api, runsApi, settings, io, clock)
    ).catch((error: unknown) => {
      if (error instanceof ReserveReachedError) return error
      throw error
    })
    if (listing instanceof ReserveReachedError) {
      await finishUnlisted(io, settings, repository, listing, new Date(clock.now()))
      return
    }
    const selection = selectArtifacts(listing.artifacts, settings.criteria, new Date(clock.now()))
    reportSelection(io, selection, listing.missingIds)
    if (selection.selected.length === 0) {
      handleNoneFound(io, settings, await explainNoneFound(runsApi, settings, listing.resolution))
    }

    let outcome: {
      results: ArtifactResult[]
      stopReason?: string
      fatal?: Error
      downloadPath?: string
    }
    if (settings.mode === 'delete') {
      const options = { ...settings, repository }
      outcome = await inGroup(io, settings.dryRun ? 'Delete (dry run)' : 'Delete', () =>
        deleteArtifacts(api, selection, options, budget, io, clock, pacer)
      )
    } else if (settings.mode === 'download' && settings.download) {
      const options = {
        ...settings.download,
        concurrency: settings.concurrency,
        retryBaseMs: tuning.retryBaseMs,
        mask: (secret: string) => io.setSecret(secret)
      }
      outcome = await inGroup(io, `Download to ${settings.download.path}`, () =>
        downloadArtifacts(api, selection, options, io, clock)
      )
    } else {
      outcome = { results: listArtifacts(selection) }
    }
    const result: OperationResult = {
      mode: settings.mode,
      repository,
      dryRun: settings.dryRun,
      sparedCount: selection.spared.length,
      listedCount: selection.listed,
      missingIds: listing.missingIds,
      ...outcome
    }
    await finish(io, result, new Date(clock.now()), settings.serverUrl)
  } catch (error) {
    io.setFailed(errorMessage(error))
  }
}

/**
 * Takes what selection needs: for download's `latest` with one exact name, only as many pages as
 * it takes to be sure of the newest; otherwise the whole list (through the run filters).
 */
function listForSelection(
  api: OctokitArtifactsApi,
  runsApi: OctokitRunsApi,
  settings: Settings,
  io: Log,
  clock: Clock
): Promise<RunListing> {
  const { scope, criteria } = settings
  if (
    settings.mode === 'download' &&
    criteria.latestPerName &&
    scope.kind !== 'ids' &&
    scope.exactName
  ) {
    // Every candidate, newest first: the newest may come from a run the run filters refuse.
    const candidates = { ...criteria, latestPerName: false, limit: undefined }
    const passes = (found: Artifact[]): Artifact[] =>
      selectArtifacts(found, candidates, new Date(clock.now())).selected
    return findNewestByName(api, runsApi, { ...settings, scope }, passes)
  }
  return listArtifactsOfRuns(api, runsApi, settings, io)
}

async function inGroup<T>(io: Core, name: string, work: () => Promise<T>): Promise<T> {
  io.startGroup(name)
  try {
    return await work()
  } finally {
    io.endGroup()
  }
}

function reportSelection(io: Log, selection: Selection, missingIds: number[]): void {
  const bytes = selection.selected.reduce((sum, a) => sum + a.sizeInBytes, 0)
  io.info(
    `${selection.listed} artifacts listed; ${selection.selected.length} selected (${formatBytes(bytes)})` +
      (selection.spared.length ? `, ${selection.spared.length} spared by keep-latest` : '') +
      (selection.notReached.length
        ? `, ${selection.notReached.length} left for a later run by limit`
        : '')
  )
  if (selection.forksSkipped)
    io.info(
      `${selection.forksSkipped} artifact(s) made by runs from forks were skipped: a fork's code made them. ` +
        "Set 'allow-forks: true' to take them too, only if the step that uses them treats them as untrusted."
    )
  if (missingIds.length > 0)
    io.warning(`These artifact ids were not found: ${missingIds.join(', ')}`)
}

function handleNoneFound(io: Log, settings: Settings, why?: string): void {
  const message =
    (why ? `No artifact matched the selection: ${why} ` : 'No artifact matched the selection. ') +
    'Check the name, branch, commit, run and age inputs ' +
    "(expired artifacts are skipped unless 'include-expired' is true)."
  if (settings.ifNoneFound === 'error') {
    throw new ActionError(`${message} Set 'if-none-found: warn' or 'ignore' to let the step pass.`)
  }
  if (settings.ifNoneFound === 'warn') io.warning(message)
}

/**
 * The rate-limit reserve stopped the listing itself: act on nothing (never on a partial list),
 * report complete=false with every artifact of the scope still to examine, and succeed.
 */
async function finishUnlisted(
  io: Core,
  settings: Settings,
  repository: string,
  stop: ReserveReachedError,
  now: Date
): Promise<void> {
  const stopReason = `${stop.message} The list could not be taken whole, so nothing was acted on.`
  const result: OperationResult = {
    mode: settings.mode,
    repository,
    dryRun: settings.dryRun,
    sparedCount: 0,
    listedCount: 0,
    missingIds: [],
    results: [],
    stopReason
  }
  const outputs = {
    ...toOutputs(result),
    [Outputs.Complete]: 'false',
    [Outputs.RemainingCount]: String(stop.pending ?? 0)
  }
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value)
  await io.writeSummary(renderSummary(result, now, settings.serverUrl))
  io.warning(stopReason)
}

async function finish(
  io: Core,
  result: OperationResult,
  now: Date,
  serverUrl: string
): Promise<void> {
  const outputs = toOutputs(result)
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value)
  const inOutput = (JSON.parse(outputs[Outputs.Artifacts]) as unknown[]).length
  if (inOutput < result.results.length) {
    io.warning(
      `The 'artifacts' output holds the first ${inOutput} of ${result.results.length} artifacts: ` +
        'GitHub keeps at most 1 MB of outputs per job. Narrow the selection or use the job summary.'
    )
  }
  await io.writeSummary(renderSummary(result, now, serverUrl))
  if (result.stopReason) io.warning(result.stopReason)
  if (result.fatal) throw result.fatal
  const failed = result.results.filter((r) => r.outcome === 'failed')
  if (failed.length > 0) {
    const names = failed
      .slice(0, 20)
      .map((r) => `${r.artifact.name} (${r.artifact.id}): ${r.error}`)
    throw new ActionError(
      `${failed.length} artifact(s) could not be ${result.mode === 'download' ? 'downloaded' : 'deleted'}: ${names.join('; ')}${failed.length > 20 ? '; …' : ''}. ` +
        'The others were handled; run the step again to retry these.'
    )
  }
}
