import type { ArtifactResult } from './artifact.js'
import type { OperationResult } from './operations/result.js'
import { escapeMarkdown, mermaidLabels } from './report/escape.js'
import { Outputs } from './settings.js'
import { formatBytes, formatDuration } from './units.js'
import { renderRepositories, repositoriesJson } from './report/repositories.js'

/** Rows of the summary's artifact table before "and N more". */
export const SUMMARY_ROWS = 300
/** Names in the "where the bytes are" table and pie. */
const TOP_NAMES = 10

/** The step's outputs, by output name. */
export function toOutputs(result: OperationResult): Record<string, string> {
  return renderOutputs(result).outputs
}

/** The step's outputs, and how many entries the (possibly cut) `artifacts` output holds. Pure. */
export function renderOutputs(result: OperationResult): {
  outputs: Record<string, string>
  artifactsInOutput: number
} {
  const { results } = result
  const sum = (list: ArtifactResult[]): number =>
    list.reduce((total, r) => total + r.artifact.sizeInBytes, 0)
  const deleted = results.filter((r) => r.outcome === 'deleted')
  const remaining = results.filter((r) => r.outcome === 'not-reached' || r.outcome === 'failed')
  // A stopped listing: nothing was examined, every artifact of the scope is still to do.
  const unlisted = result.unlisted
  // Several repositories: `repositories` (it feeds a job matrix) comes first in the 1 MB.
  const repositories = result.repositories
    ? repositoriesJson(result.repositories, ARTIFACTS_OUTPUT_LIMIT)
    : undefined
  const artifacts = artifactsOutput(results, ARTIFACTS_OUTPUT_LIMIT - (repositories?.length ?? 0))
  const outputs: Record<string, string> = {
    [Outputs.Count]: String(results.length),
    [Outputs.Bytes]: String(sum(results)),
    [Outputs.Artifacts]: artifacts.json,
    [Outputs.DeletedCount]: String(deleted.length),
    [Outputs.DeletedBytes]: String(sum(deleted)),
    [Outputs.FailedCount]: String(results.filter((r) => r.outcome === 'failed').length),
    [Outputs.Complete]: String(
      remaining.length === 0 && !result.fatal && unlisted === undefined && !result.listingCut
    ),
    [Outputs.RemainingCount]: String(remaining.length + (unlisted ?? 0)),
    [Outputs.DownloadPath]: result.downloadPath ?? ''
  }
  // With one repository it stays empty (declared, so always set).
  outputs[Outputs.Repositories] = repositories ?? ''
  return { outputs, artifactsInOutput: artifacts.entries }
}

/**
 * Most bytes of the `artifacts` output. GitHub keeps at most 1 MB of outputs per job, so a larger
 * list is cut (whole entries, in order) and the step warns; `count` still counts them all.
 */
export const ARTIFACTS_OUTPUT_LIMIT = 900_000

/** The `artifacts` output: a JSON array, cut to whole entries under ARTIFACTS_OUTPUT_LIMIT. */
export function artifactsJson(results: ArtifactResult[]): string {
  return artifactsOutput(results).json
}

function artifactsOutput(
  results: ArtifactResult[],
  limit = ARTIFACTS_OUTPUT_LIMIT
): { json: string; entries: number } {
  const entries: string[] = []
  let size = 2
  for (const r of results) {
    const entry = JSON.stringify(toJson(r))
    if (size + entry.length + 1 > limit) break
    entries.push(entry)
    size += entry.length + 1
  }
  return { json: `[${entries.join(',')}]`, entries: entries.length }
}

function toJson(r: ArtifactResult): Record<string, unknown> {
  const a = r.artifact
  return {
    id: a.id,
    name: a.name,
    size_in_bytes: a.sizeInBytes,
    created_at: a.createdAt?.toISOString() ?? null,
    expired: a.expired,
    run_id: a.workflowRun.id ?? null,
    head_branch: a.workflowRun.headBranch ?? null,
    head_sha: a.workflowRun.headSha ?? null,
    outcome: r.outcome,
    path: r.path ?? null,
    ...(r.repository !== undefined ? { repository: r.repository } : {})
  }
}

/** Counts of each outcome, in a stable order. */
export function countOutcomes(results: ArtifactResult[]): [string, number][] {
  const counts = new Map<string, number>()
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

/** The job summary as Markdown: totals, where the bytes are, then the artifact table. Pure. */
export function renderSummary(result: OperationResult, now: Date, serverUrl: string): string {
  const lines = [
    `## artifact-keeper: ${result.mode}${result.dryRun && result.mode === 'delete' ? ' (dry run)' : ''}`,
    '',
    ...renderTotals(result),
    ''
  ]
  if (result.repositories) lines.push(...renderRepositories(result.repositories))
  if (result.mode === 'list' || result.mode === 'delete')
    lines.push(...renderTopNames(result.results))
  lines.push(...renderTable(result, now, serverUrl))
  return lines.join('\n') + '\n'
}

function renderTotals(result: OperationResult): string[] {
  const outputs = toOutputs(result)
  const lines = [
    `Repository **${escapeMarkdown(result.repository)}**: ${result.listedCount} artifacts listed, ` +
      `${outputs[Outputs.Count]} matched (${formatBytes(Number(outputs[Outputs.Bytes]))})` +
      (result.sparedCount > 0 ? `, ${result.sparedCount} spared by keep-latest.` : '.'),
    '',
    countOutcomes(result.results)
      .map(([outcome, n]) => `**${outcome}**: ${n}`)
      .join(' · ') || 'Nothing matched.'
  ]
  if (result.mode === 'delete' && !result.dryRun) {
    lines.push('', `Storage freed: **${formatBytes(Number(outputs[Outputs.DeletedBytes]))}**.`)
  }
  if (result.downloadPath) lines.push('', `Downloaded to ${escapeMarkdown(result.downloadPath)}.`)
  if (result.missingIds.length > 0) lines.push('', `Not found: ${result.missingIds.join(', ')}.`)
  if (result.stopReason) lines.push('', `> [!WARNING]\n> ${escapeMarkdown(result.stopReason)}`)
  return lines
}

function renderTopNames(results: ArtifactResult[]): string[] {
  const byName = new Map<string, { count: number; bytes: number }>()
  for (const { artifact } of results) {
    const entry = byName.get(artifact.name) ?? { count: 0, bytes: 0 }
    entry.count += 1
    entry.bytes += artifact.sizeInBytes
    byName.set(artifact.name, entry)
  }
  const sorted = [...byName.entries()].sort(
    (a, b) => b[1].bytes - a[1].bytes || a[0].localeCompare(b[0])
  )
  if (sorted.length === 0) return []
  const top = sorted.slice(0, TOP_NAMES)
  const otherBytes = sorted.slice(TOP_NAMES).reduce((sum, [, e]) => sum + e.bytes, 0)
  const lines = ['### Where the bytes are', '', '| name | artifacts | size |', '|---|---:|---:|']
  for (const [name, e] of top)
    lines.push(`| ${cell(name)} | ${e.count} | ${formatBytes(e.bytes)} |`)
  if (otherBytes > 0)
    lines.push(`| (${sorted.length - TOP_NAMES} other names) | | ${formatBytes(otherBytes)} |`)
  lines.push('', '```mermaid', 'pie showData', '  title Bytes by artifact name')
  // the "other" slice is labelled last, so a name "other" gets "other" and the slice "other (2)"
  const labels = mermaidLabels([...top.map(([name]) => name), 'other'])
  top.forEach(([, e], i) => lines.push(`  ${labels[i]} : ${e.bytes}`))
  if (otherBytes > 0) lines.push(`  ${labels[top.length]} : ${otherBytes}`)
  lines.push('```', '')
  return lines
}

function renderTable(result: OperationResult, now: Date, serverUrl: string): string[] {
  if (result.results.length === 0) return []
  const runUrl = (runId: number, repository = result.repository): string =>
    `${serverUrl}/${repository}/actions/runs/${runId}`
  const lines = [
    '### Artifacts',
    '',
    '| name | id | run | branch | age | size | outcome |',
    '|---|---:|---|---|---:|---:|---|'
  ]
  for (const { artifact: a, outcome, repository } of result.results.slice(0, SUMMARY_ROWS)) {
    const run = a.workflowRun.id
      ? `[${a.workflowRun.id}](${runUrl(a.workflowRun.id, repository)})`
      : ''
    const age = a.createdAt ? formatDuration(now.getTime() - a.createdAt.getTime()) : '?'
    lines.push(
      `| ${cell(a.name)} | ${a.id} | ${run} | ${cell(a.workflowRun.headBranch ?? '')} | ${age} | ${formatBytes(a.sizeInBytes)} | ${outcome} |`
    )
  }
  const more = result.results.length - SUMMARY_ROWS
  if (more > 0) lines.push('', `… and ${more} more.`)
  return lines
}

/** A Markdown table cell: the value as data, on one line (src/report/escape.ts). */
const cell = escapeMarkdown
