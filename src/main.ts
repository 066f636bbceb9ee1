import * as core from '@actions/core'
import { ActionError, errorMessage } from './errors.js'
import { type GitHub, connect } from './github/connect.js'
import { readSettings } from './inputs.js'
import { type ListOutcome, listForSelection, whyNoneFound } from './listing/index.js'
import { type Clock, type Log, systemClock } from './log.js'
import { type OperationResult, resultOf, runOperation, unlistedResult } from './operations/index.js'
import { reportSelection, writeReport } from './report-io.js'
import { selectArtifacts, selectionPredicates } from './select.js'
import { isMany, runMany } from './many/run.js'
import type { Settings } from './settings.js'

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

/** The action: inputs → settings → listing → selection → operation → report. The only setFailed. */
export async function run(
  io: Core = actionsCore,
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock
): Promise<void> {
  try {
    const settings = readSettings(io.getInput, env)
    io.setSecret(settings.token)
    if (isMany(settings)) return await runMany(io, settings, env, clock)
    const github = connect(settings, env, io, clock)
    const now = (): Date => new Date(clock.now())
    const predicates = selectionPredicates(settings.criteria, now())
    const listed = await inGroup(io, `List artifacts of ${settings.owner}/${settings.repo}`, () =>
      listForSelection(github, settings, predicates, io)
    )
    const result =
      listed.kind === 'stopped'
        ? unlistedResult(settings, listed.reason, listed.unlisted)
        : await act(io, github, settings, listed, clock)
    await writeReport(io, result, now(), settings.serverUrl)
  } catch (error) {
    io.setFailed(errorMessage(error))
  }
}

/** Selects, reports the selection, applies if-none-found, and runs the mode's operation. */
async function act(
  io: Core,
  github: GitHub,
  settings: Settings,
  listed: Extract<ListOutcome, { kind: 'listed' }>,
  clock: Clock
): Promise<OperationResult> {
  const selection = selectArtifacts(listed.artifacts, settings.criteria, new Date(clock.now()))
  reportSelection(io, selection, listed.missingIds)
  if (selection.selected.length === 0)
    handleNoneFound(io, settings, await whyNoneFound(github, settings, listed))
  const deps = { ...github, log: io, clock, mask: (secret: string) => io.setSecret(secret) }
  const outcome = await inGroup(io, groupName(settings), () =>
    runOperation(deps, selection, settings)
  )
  return resultOf(settings, selection, listed.missingIds, outcome)
}

/** The log group of the mode's work; list's is instant and gets none. */
function groupName(settings: Settings): string | undefined {
  if (settings.mode === 'delete') return settings.dryRun ? 'Delete (dry run)' : 'Delete'
  if (settings.mode === 'download') return `Download to ${settings.download.path}`
  return undefined
}

async function inGroup<T>(io: Core, name: string | undefined, work: () => Promise<T>): Promise<T> {
  if (name === undefined) return work()
  io.startGroup(name)
  try {
    return await work()
  } finally {
    io.endGroup()
  }
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
