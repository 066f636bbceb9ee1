import type { ArtifactResult } from './artifact.js'
import type { OperationResult } from './operations/result.js'
import { Outputs } from './settings.js'
import { repositoriesJson } from './report/repositories.js'

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
    [Outputs.DownloadPath]: result.downloadPath ?? '',
    // With one repository it stays empty (declared, so always set).
    [Outputs.Repositories]: repositories ?? ''
  }
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
