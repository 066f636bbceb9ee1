import * as core from '@actions/core'
import { ActionError, errorMessage } from './errors.js'
import { type GitHub, connect } from './github/connect.js'
import { loadActionDefaults } from './input-defaults.js'
import { readSettings, withoutCredentials } from './inputs.js'
import { type ListOutcome, listForSelection, whyNoneFound } from './listing/index.js'
import { type Clock, type Log, systemClock } from './log.js'
import { redactUrl } from './report/escape.js'
import { maskToken } from './report/secrets.js'
import { createSafeLog, withSafeLog } from './safe-log.js'
import { type OperationResult, resultOf, runOperation, unlistedResult } from './operations/index.js'
import { learnProtections, protectionQuery } from './listing/protected.js'
import { reportSelection, writeReport } from './report-io.js'
import { describeForReport } from './report/facts.js'
import { reportSpared } from './report/spared.js'
import { selectArtifacts, selectionPredicates } from './select.js'
import { isMany, runMany } from './many/run.js'
import { Inputs, type Settings } from './settings.js'

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
  rawIo: Core = actionsCore,
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock
): Promise<void> {
  // Every line printed is escaped, free of a URL's user:password and of the token (SPEC "Job
  // summary and logs"); the token is masked whole and line by line before anything can print it.
  const safe = createSafeLog()
  const io = withSafeLog(rawIo, safe)
  try {
    const token = io.getInput(Inputs.Token)
    maskToken(token, (part) => io.setSecret(part))
    if (token.trim() !== '') safe.secrets.push(token)
    const settings = readSettings(io.getInput, env, loadActionDefaults(env))
    // A literal ${{ github.token }} (local-action) falls back to GITHUB_TOKEN: mask that one too.
    if (settings.token !== token.trim()) {
      maskToken(settings.token, (part) => io.setSecret(part))
      safe.secrets.push(settings.token)
    }
    if (env.GITHUB_API_URL && withoutCredentials(env.GITHUB_API_URL) !== env.GITHUB_API_URL)
      io.warning(
        `GITHUB_API_URL holds a user name or password; it is not used (the token authenticates): ` +
          `requests go to ${redactUrl(settings.apiUrl)}.`
      )
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
  const now = new Date(clock.now())
  const unprotected = selectArtifacts(listed.artifacts, settings.criteria, now)
  const { protections } = await learnProtections(
    github,
    protectionQuery(settings, unprotected, now),
    io
  )
  const selection = selectArtifacts(listed.artifacts, settings.criteria, now, protections)
  reportSelection(io, selection, listed.missingIds)
  reportSpared(io, selection, runLink(settings))
  if (selection.selected.length === 0)
    handleNoneFound(io, settings, await whyNoneFound(github, settings, listed))
  const deps = { ...github, log: io, clock, mask: (secret: string) => io.setSecret(secret) }
  const outcome = await inGroup(io, groupName(settings), () =>
    runOperation(deps, selection, settings)
  )
  const result = resultOf(settings, selection, listed.missingIds, outcome)
  const described = listed.cut ? { ...result, listingCut: true } : result
  return describeForReport(github.runsApi, described, listed, io)
}

/** The log group of the mode's work; list's is instant and gets none. */
function groupName(settings: Settings): string | undefined {
  if (settings.mode === 'delete') return settings.dryRun ? 'Delete (dry run)' : 'Delete'
  if (settings.mode === 'download')
    return `Download${settings.dryRun ? ' (dry run)' : ''} to ${settings.download.path}`
  return undefined
}

function runLink(settings: Settings): (runId: number) => string {
  return (runId) => `${settings.serverUrl}/${settings.owner}/${settings.repo}/actions/runs/${runId}`
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
