import type { Artifact, ArtifactResult, Outcome } from '../artifact.js'
import type { OperationResult } from '../operations/result.js'
import { countOutcomes, renderOutputs } from '../report.js'
import { formatBytes, formatDuration } from '../units.js'
import { escapeMarkdown } from './escape.js'
import { renderRepositories } from './repositories.js'
import type { RunName } from './run-names.js'
import { breakdown, dataCell, renderPie, renderShareTable } from './storage.js'
import { formatCount, outcomeWords, plural } from './words.js'

/** Rows of the summary's artifact table before "and N more". */
export const SUMMARY_ROWS = 300

/** One reason artifacts were kept, with how many: the summary lists every reason it is given. */
export interface SpareReason {
  /** How the sentence says it: 'by keep-latest', 'of runs still in progress (CI #90)'. */
  words: string
  count: number
}

/**
 * The job summary as Markdown: a heading, the one answer the mode gives (what was or would be
 * deleted or downloaded, what a listing holds), the listing's figures, where the bytes are (list
 * and delete: by name with a pie, by branch, by workflow), then the artifact table. Everything
 * from the API goes through escape.ts. Pure.
 */
export function renderSummary(result: OperationResult, now: Date, serverUrl: string): string {
  const dry = result.dryRun && result.mode !== 'list' ? ' (dry run)' : ''
  const lines = [
    `## artifact-keeper: ${result.mode}${dry} · ${escapeMarkdown(result.repository)}`,
    '',
    `**${headline(result)}**`,
    '',
    ...renderFacts(result)
  ]
  if (result.stopReason) lines.push('', `> [!WARNING]\n> ${escapeMarkdown(result.stopReason)}`)
  lines.push('')
  if (result.repositories) lines.push(...renderRepositories(result.repositories))
  if (result.mode === 'list' || result.mode === 'delete') lines.push(...renderStorage(result))
  lines.push(...renderTable(result, now, serverUrl))
  return lines.join('\n') + '\n'
}

/** Why artifacts that matched the name, branch and commit were kept, reason by reason. */
export function spareReasons(result: OperationResult): SpareReason[] {
  const reasons: SpareReason[] = [
    { words: 'by keep-latest', count: result.sparedCount },
    { words: 'by keep-tagged (built from a tagged commit)', count: result.sparedByTagCount ?? 0 },
    {
      words: `of runs that have not completed (${activeRunsWords(result)}): the next clean-up takes them once they are done`,
      count: result.sparedAsActiveCount ?? 0
    }
  ]
  return reasons.filter((r) => r.count > 0)
}

/** Runs still going, named as the table names runs: 'this run', 'CI #90 (queued)', 'run 4242'. */
function activeRunsWords(result: OperationResult): string {
  const runs = result.activeRuns ?? []
  const shown = runs
    .slice(0, 5)
    .map((run) =>
      run.status === 'current'
        ? 'this run'
        : `${runWords(result, run.id)} (${dataCell(run.status.replace(/_/g, ' '))})`
    )
  return shown.join(', ') + (runs.length > 5 ? `, and ${formatCount(runs.length - 5)} more` : '')
}

const sumBytes = (list: ArtifactResult[]): number =>
  list.reduce((total, r) => total + r.artifact.sizeInBytes, 0)

function withOutcome(result: OperationResult, ...outcomes: Outcome[]): ArtifactResult[] {
  return result.results.filter((r) => outcomes.includes(r.outcome))
}

/** The mode's one answer, as a sentence. */
function headline(result: OperationResult): string {
  const kept = spareReasons(result).reduce((sum, r) => sum + r.count, 0)
  const later = withOutcome(result, 'not-reached').length
  const failed = withOutcome(result, 'failed').length
  const tail = [
    later > 0 ? `${formatCount(later)} left for a later run` : '',
    failed > 0 ? `${formatCount(failed)} failed` : '',
    kept > 0 ? `${formatCount(kept)} kept` : ''
  ]
  if (result.mode === 'list') {
    const stored = result.results.filter((r) => !r.artifact.expired)
    return sentence([
      `${plural(result.results.length, 'artifact')} matched, holding ${formatBytes(sumBytes(stored))}`,
      ...tail
    ])
  }
  const deleting = result.mode === 'delete'
  const done: Outcome = deleting ? 'deleted' : 'downloaded'
  const acted = withOutcome(result, result.dryRun ? (`would-${result.mode}` as Outcome) : done)
  const said = result.dryRun
    ? `Would ${deleting ? 'delete' : 'download'}`
    : deleting
      ? 'Deleted'
      : 'Downloaded'
  const gone = withOutcome(result, 'gone').length
  const expired = withOutcome(result, 'expired').length
  const main = deleting
    ? `${said} ${plural(acted.length, 'artifact')}, freeing ${formatBytes(sumBytes(acted))}`
    : `${said} ${plural(acted.length, 'artifact')} (${formatBytes(sumBytes(acted))})` +
      (result.latestRunId !== undefined
        ? `, the set of ${runWords(result, result.latestRunId)}`
        : '')
  return sentence([
    main,
    gone > 0 ? `${formatCount(gone)} already gone` : '',
    expired > 0 ? `${formatCount(expired)} had expired` : '',
    ...tail
  ])
}

function sentence(parts: string[]): string {
  return parts.filter((p) => p !== '').join('; ') + '.'
}

/** The listing's figures, what was kept and why, outcomes, storage left, and the output's cut. */
function renderFacts(result: OperationResult): string[] {
  const paragraphs = [listingLine(result)]
  const reasons = spareReasons(result)
  if (reasons.length > 0)
    paragraphs.push(
      `Kept: ${reasons.map((r) => `${formatCount(r.count)} ${r.words}`).join(' · ')}.`
    )
  const outcomes = countOutcomes(result.results)
  paragraphs.push(
    outcomes.length > 0
      ? `Outcomes: ${outcomes.map(([o, n]) => `${formatCount(n)} ${outcomeWords(o)}`).join(' · ')}.`
      : 'Nothing matched.'
  )
  if (result.mode === 'delete') paragraphs.push(storageLeft(result))
  if (result.downloadPath) paragraphs.push(`Destination: ${escapeMarkdown(result.downloadPath)}`)
  const forks = result.results.filter((r) => madeByFork(r.artifact)).length
  if (forks > 0)
    paragraphs.push(
      `${plural(forks, 'artifact was', 'artifacts were')} made by runs from forks (marked _fork_ in the table).`
    )
  const { artifactsInOutput } = renderOutputs(result)
  if (artifactsInOutput < result.results.length)
    paragraphs.push(
      `The \`artifacts\` output holds the first ${formatCount(artifactsInOutput)} of ${formatCount(result.results.length)} ` +
        'artifacts: GitHub keeps at most 1 MB of outputs per job.'
    )
  if (result.missingIds.length > 0) paragraphs.push(`Not found: ${result.missingIds.join(', ')}.`)
  if (result.listingCut)
    paragraphs.push(
      'The listing was cut short (the API kept serving full pages past the count it gave): ' +
        'these figures cover the artifacts received, and the run is not complete.'
    )
  return paragraphs.flatMap((p, i) => (i === 0 ? [p] : ['', p]))
}

/** '3,000 artifacts listed: 2,383 hold 44.0 GB; 617 have expired (no storage) and were left out.' */
function listingLine(result: OperationResult): string {
  const facts = result.listing
  if (!facts) return `${plural(result.listedCount, 'artifact')} listed.`
  const expiredIn = result.results.filter((r) => r.artifact.expired).length
  const leftOut = Math.max(0, facts.expired - expiredIn)
  const stored = facts.listed - facts.expired
  const parts = [
    `${plural(facts.listed, 'artifact')} listed: ${formatCount(stored)} ${stored === 1 ? 'holds' : 'hold'} ${formatBytes(facts.storedBytes)}`
  ]
  if (leftOut > 0)
    parts.push(
      `${formatCount(leftOut)} ${leftOut === 1 ? 'has' : 'have'} expired (no storage) and ${leftOut === 1 ? 'was' : 'were'} left out`
    )
  if (expiredIn > 0)
    parts.push(
      `${formatCount(expiredIn)} of those matched ${expiredIn === 1 ? 'has' : 'have'} expired and ${expiredIn === 1 ? 'holds' : 'hold'} no storage`
    )
  return `${parts.join('; ')}.`
}

/** delete: what stays in storage, of what was listed. */
function storageLeft(result: OperationResult): string {
  const facts = result.listing
  if (!facts) return ''
  const going = withOutcome(result, result.dryRun ? 'would-delete' : 'deleted', 'gone').filter(
    (r) => !r.artifact.expired
  )
  const count = facts.listed - facts.expired - going.length
  const bytes = facts.storedBytes - sumBytes(going)
  return (
    `Storage ${result.dryRun ? 'that would stay' : 'left'}: ${plural(count, 'artifact')}, ` +
    `${formatBytes(bytes)} (of the artifacts listed).`
  )
}

/** An artifact made by a run from a fork (both repository ids known and different). */
function madeByFork(artifact: Artifact): boolean {
  const { repositoryId, headRepositoryId } = artifact.workflowRun
  return (
    repositoryId !== undefined &&
    headRepositoryId !== undefined &&
    repositoryId !== headRepositoryId
  )
}

/** Where the bytes are: by name (table and pie), by branch, by workflow. */
function renderStorage(result: OperationResult): string[] {
  const outcome: Outcome =
    result.mode === 'list' ? 'listed' : result.dryRun ? 'would-delete' : 'deleted'
  const items = withOutcome(result, outcome)
    .map((r) => r.artifact)
    .filter((a) => !a.expired)
  if (items.length === 0) return []
  const title =
    result.mode === 'list'
      ? 'Where the bytes are'
      : result.dryRun
        ? 'What would be deleted'
        : 'What was deleted'
  const size = (a: Artifact): number => a.sizeInBytes
  const byName = breakdown(items, (a) => a.name, size)
  const byBranch = breakdown(items, branchKey, size)
  const lines = [
    `### ${title}`,
    '',
    ...renderShareTable('name', byName, dataCell, ['name', 'names']),
    '',
    ...renderPie('Bytes by artifact name', byName, ['name', 'names']),
    '',
    ...renderShareTable('branch', byBranch, showBranch, ['branch', 'branches']),
    ''
  ]
  return [...lines, ...renderWorkflows(result, items), '']
}

/** The branch of an artifact's run, a fork's apart from the repository's own. */
function branchKey(artifact: Artifact): string {
  return JSON.stringify([artifact.workflowRun.headBranch ?? null, madeByFork(artifact)])
}

function showBranch(key: string): string {
  const [branch, fork] = JSON.parse(key) as [string | null, boolean]
  const name = branch === null ? '(no branch)' : dataCell(branch)
  return fork ? `${name} _fork_` : name
}

/** Storage by workflow, as far as the runs were named; and what naming them cost. */
function renderWorkflows(result: OperationResult, items: Artifact[]): string[] {
  const names = result.runNames
  if (!names || names.runs.size === 0) return []
  const runOf = (a: Artifact): RunName | undefined =>
    a.workflowRun.id === undefined ? undefined : names.runs.get(a.workflowRun.id)
  const byWorkflow = breakdown(
    items,
    (a) => {
      const run = runOf(a)
      return run ? JSON.stringify([run.workflow, run.path ?? '']) : ''
    },
    (a) => a.sizeInBytes
  )
  const note =
    `Workflows from the artifacts' runs: ${plural(names.runPages, 'page')} of the runs listing and ` +
    `${plural(names.runLookups, 'run')} looked up` +
    (names.unnamed > 0
      ? `; ${plural(names.unnamed, 'run')} not named (at most ${formatCount(names.budget)} requests are spent on names).`
      : '.')
  return [
    ...renderShareTable('workflow', byWorkflow, showWorkflow, ['workflow', 'workflows']),
    '',
    note
  ]
}

function showWorkflow(key: string): string {
  if (key === '') return '(not named)'
  const [workflow, path] = JSON.parse(key) as [string, string]
  const file = path.split('@')[0].split('/').pop() ?? ''
  return file ? `${dataCell(workflow)} (${dataCell(file)})` : dataCell(workflow)
}

/** The artifact table, cut once at SUMMARY_ROWS rows. */
function renderTable(result: OperationResult, now: Date, serverUrl: string): string[] {
  if (result.results.length === 0) return []
  const lines = [
    '### Artifacts',
    '',
    '| name | id | run | branch | age | size | outcome |',
    '|---|---:|---|---|---:|---:|---|'
  ]
  for (const { artifact: a, outcome, repository } of result.results.slice(0, SUMMARY_ROWS)) {
    const age = a.createdAt ? formatDuration(now.getTime() - a.createdAt.getTime()) : '?'
    const branch = a.workflowRun.headBranch === undefined ? '' : dataCell(a.workflowRun.headBranch)
    const fork = madeByFork(a) ? ' _fork_' : ''
    lines.push(
      `| ${dataCell(a.name)} | ${a.id} | ${runCell(result, a, serverUrl, repository)} | ${branch}${fork} | ${age} | ${formatBytes(a.sizeInBytes)} | ${outcomeWords(outcome)} |`
    )
  }
  const more = result.results.length - SUMMARY_ROWS
  if (more > 0) lines.push('', `… and ${formatCount(more)} more.`)
  return lines
}

/** A run as `CI #89` (escaped), or `run 4242` when its workflow is not known. */
function runWords(result: OperationResult, id: number): string {
  const run = result.runNames?.runs.get(id)
  return run && run.workflow !== ''
    ? `${dataCell(run.workflow)}${run.number !== undefined ? ` #${run.number}` : ''}`
    : `run ${id}`
}

/** A run as `CI #89`, linked; `run 4242` when its workflow is not known. */
function runCell(
  result: OperationResult,
  artifact: Artifact,
  serverUrl: string,
  repository?: string
): string {
  const id = artifact.workflowRun.id
  if (id === undefined) return ''
  return `[${runWords(result, id)}](${serverUrl}/${repository ?? result.repository}/actions/runs/${id})`
}
