import { type Artifact, isFromFork, newestFirst } from './artifact.js'
import { compileGlob, compileNamePatterns } from './patterns.js'
import type { Criteria, KeepLatestBy } from './settings.js'

/** The outcome of selection: what to act on, and what was held back and why. */
export interface Selection {
  /** Artifacts to act on, in the order to act (delete: oldest first; otherwise newest first). */
  selected: Artifact[]
  /** Matched every filter but fall past `limit`: left for a later run. */
  notReached: Artifact[]
  /** Spared by `keep-latest`. */
  spared: Artifact[]
  /** Listed artifacts in all (after de-duplication). */
  listed: number
  /** download: artifacts left out because a run from a fork made them. */
  forksSkipped?: number
}

/**
 * The selection pipeline (spec, steps 1–4 after listing): de-duplicate, order newest first,
 * filter, spare the newest of each group, order for acting, cap at `limit`. Pure: the clock is `now`.
 */
export function selectArtifacts(artifacts: Artifact[], criteria: Criteria, now: Date): Selection {
  const unique = [...new Map(artifacts.map((a) => [a.id, a])).values()].sort(newestFirst)
  const identified = unique.filter(inQuestion(criteria))
  const candidates = criteria.skipForks ? identified.filter((a) => !isFromFork(a)) : identified
  const spared = spareLatest(candidates, criteria.keepLatest, criteria.keepLatestBy)
  const sparedIds = new Set(spared.map((a) => a.id))
  let matched = candidates.filter((a) => !sparedIds.has(a.id) && passesAgeAndSize(a, criteria, now))
  if (criteria.latestPerName) matched = newestPerName(matched)
  if (criteria.order === 'oldest-first') matched.reverse()
  const cut = criteria.limit ?? matched.length
  return {
    selected: matched.slice(0, cut),
    notReached: matched.slice(cut),
    spared,
    listed: unique.length,
    ...(criteria.skipForks ? { forksSkipped: identified.length - candidates.length } : {})
  }
}

/**
 * Every artifact that passes every filter, newest first, whatever `latest` and `limit` say: the
 * candidates among which download's newest-by-name listing looks for the newest. Pure.
 */
export function candidates(criteria: Criteria, now: Date): (found: Artifact[]) => Artifact[] {
  const every = { ...criteria, latestPerName: false, limit: undefined }
  return (found) => selectArtifacts(found, every, now).selected
}

/** The predicates listing takes from selection (see src/listing/index.ts). */
export function selectionPredicates(
  criteria: Criteria,
  now: Date
): { inQuestion: (artifact: Artifact) => boolean; candidates: (found: Artifact[]) => Artifact[] } {
  return { inQuestion: inQuestion(criteria), candidates: candidates(criteria, now) }
}

/** The newest of each name; `artifacts` are newest first. */
function newestPerName(artifacts: Artifact[]): Artifact[] {
  const seen = new Set<string>()
  return artifacts.filter((a) => !seen.has(a.name) && seen.add(a.name) !== undefined)
}

/**
 * Which artifacts are in question at all: expiry, name, branch, commit. Listing takes this
 * predicate as an argument (only these artifacts' runs are worth deciding).
 */
export function inQuestion(criteria: Criteria): (artifact: Artifact) => boolean {
  const nameMatches = compileNamePatterns(criteria.names)
  const branchMatches = criteria.branch ? compileGlob(criteria.branch) : undefined
  const commit = criteria.commit
  return (artifact) =>
    (criteria.includeExpired || !artifact.expired) &&
    nameMatches(artifact.name) &&
    (!branchMatches || branchMatches(artifact.workflowRun.headBranch ?? '')) &&
    (!commit || (artifact.workflowRun.headSha ?? '').toLowerCase().startsWith(commit))
}

function passesAgeAndSize(artifact: Artifact, criteria: Criteria, now: Date): boolean {
  // No creation time: taken as new, so no age filter selects it as old and delete reaches it last.
  const age = artifact.createdAt ? now.getTime() - artifact.createdAt.getTime() : 0
  return (
    (criteria.olderThanMs === undefined || age > criteria.olderThanMs) &&
    (criteria.newerThanMs === undefined || age < criteria.newerThanMs) &&
    (criteria.minSize === undefined || artifact.sizeInBytes >= criteria.minSize)
  )
}

/** The N newest of each group; `newestFirst` must already be the order of `artifacts`. */
function spareLatest(artifacts: Artifact[], keep: number, by: KeepLatestBy): Artifact[] {
  if (keep <= 0) return []
  const counts = new Map<string, number>()
  // An expired artifact (include-expired) cannot be downloaded: it never takes the place of a
  // usable one among the N kept.
  return artifacts.filter((artifact) => {
    if (artifact.expired) return false
    const key = groupKey(artifact, by)
    const seen = counts.get(key) ?? 0
    counts.set(key, seen + 1)
    return seen < keep
  })
}

function groupKey(artifact: Artifact, by: KeepLatestBy): string {
  // Provenance is part of every group: a fork's runs (per head repository) never take the places
  // kept for the repository's own builds, even under the same names and branch names.
  const from = provenance(artifact)
  if (by === 'all') return JSON.stringify([from])
  if (by === 'name') return JSON.stringify([from, artifact.name])
  return JSON.stringify([from, artifact.name, artifact.workflowRun.headBranch ?? ''])
}

/** '' for the repository's own runs, else the head repository the run came from. */
function provenance(artifact: Artifact): string {
  if (!isFromFork(artifact)) return ''
  return `fork:${artifact.workflowRun.headRepositoryId ?? 'unknown'}`
}
