/**
 * The per-repository part of the report when one run covered several repositories: the
 * `repositories` output (made to feed a job matrix) and the summary's "Storage by repository"
 * section (a table sorted by bytes and a pie by repository). Pure.
 */
import type { ArtifactResult } from '../artifact.js'
import { formatBytes } from '../units.js'
import { escapeMarkdown, mermaidLabels } from './escape.js'

/** What happened in one repository of a run over several. */
export interface RepositoryOutcome {
  /** owner/name */
  repository: string
  /** Archived: reported and skipped (GitHub refuses deletes there). */
  archived: boolean
  /** The repository's result; absent when it was not reached (or failed, see `error`). */
  result?: {
    results: ArtifactResult[]
    sparedCount: number
    listedCount: number
    fatal?: Error
    unlisted?: number
    listingCut?: boolean
  }
  /** Why it could not be handled (404, a shape error, …). */
  error?: string
}

/** One entry of the `repositories` output. */
export interface RepositoryEntry {
  repository: string
  count: number
  bytes: number
  'deleted-count': number
  complete: boolean
}

/** Repositories in the pie before "other". */
const TOP_REPOSITORIES = 10
/** Rows of the repository table before "and N more". */
export const REPOSITORY_ROWS = 200

/** The entries of the `repositories` output: every repository not archived, most bytes first. */
export function repositoryEntries(outcomes: RepositoryOutcome[]): RepositoryEntry[] {
  return outcomes
    .filter((o) => !o.archived)
    .map((o): RepositoryEntry => {
      const results = o.result?.results ?? []
      const deleted = results.filter((r) => r.outcome === 'deleted')
      const left = results.some((r) => r.outcome === 'not-reached' || r.outcome === 'failed')
      return {
        repository: o.repository,
        count: results.length,
        bytes: results.reduce((sum, r) => sum + r.artifact.sizeInBytes, 0),
        'deleted-count': deleted.length,
        complete:
          o.result !== undefined &&
          !left &&
          !o.result.fatal &&
          o.result.unlisted === undefined &&
          !o.result.listingCut
      }
    })
    .sort((a, b) => b.bytes - a.bytes || a.repository.localeCompare(b.repository))
}

/**
 * The `repositories` output: a JSON array cut to whole entries under `limit` bytes (GitHub keeps
 * at most 1 MB of outputs per job).
 */
export function repositoriesJson(outcomes: RepositoryOutcome[], limit: number): string {
  const parts: string[] = []
  let size = 2
  for (const entry of repositoryEntries(outcomes)) {
    const json = JSON.stringify(entry)
    if (size + json.length + 1 > limit) break
    parts.push(json)
    size += json.length + 1
  }
  return `[${parts.join(',')}]`
}

/** The summary's section: storage by repository, archived and not-reached ones named. */
export function renderRepositories(outcomes: RepositoryOutcome[]): string[] {
  const entries = repositoryEntries(outcomes)
  const lines = ['### Storage by repository', '']
  lines.push('| repository | artifacts | size | deleted | complete |', '|---|---:|---:|---:|---|')
  for (const e of entries.slice(0, REPOSITORY_ROWS))
    lines.push(
      `| ${escapeMarkdown(e.repository)} | ${e.count} | ${formatBytes(e.bytes)} | ${e['deleted-count']} | ${e.complete ? 'yes' : 'no'} |`
    )
  if (entries.length > REPOSITORY_ROWS)
    lines.push('', `… and ${entries.length - REPOSITORY_ROWS} more repositories.`)
  lines.push('', ...renderPie(entries))
  const archived = outcomes.filter((o) => o.archived).map((o) => o.repository)
  if (archived.length > 0)
    lines.push(`Archived, skipped (${archived.length}): ${nameList(archived)}.`, '')
  const notReached = outcomes.filter((o) => !o.archived && !o.result && !o.error)
  if (notReached.length > 0)
    lines.push(
      `Not reached (${notReached.length}; the next run carries on): ${nameList(notReached.map((o) => o.repository))}.`,
      ''
    )
  const failed = outcomes.filter((o) => o.error)
  if (failed.length > 0)
    lines.push(
      `Could not be handled (${failed.length}): ${nameList(failed.map((o) => o.repository))}.`,
      ''
    )
  return lines
}

function renderPie(entries: RepositoryEntry[]): string[] {
  const withBytes = entries.filter((e) => e.bytes > 0)
  if (withBytes.length === 0) return []
  const top = withBytes.slice(0, TOP_REPOSITORIES)
  const other = withBytes.slice(TOP_REPOSITORIES).reduce((sum, e) => sum + e.bytes, 0)
  const labels = mermaidLabels(top.map((e) => e.repository))
  const lines = ['```mermaid', 'pie showData', '  title Bytes by repository']
  top.forEach((e, i) => lines.push(`  ${labels[i]} : ${e.bytes}`))
  if (other > 0) lines.push(`  "other repositories" : ${other}`)
  lines.push('```', '')
  return lines
}

function nameList(names: string[]): string {
  const shown = names.slice(0, 50).map(escapeMarkdown).join(', ')
  return names.length > 50 ? `${shown} and ${names.length - 50} more` : shown
}
