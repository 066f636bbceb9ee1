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
  /** Spared by `keep-tagged`: their run's commit carries a matching tag. */
  sparedByTag?: Artifact[]
  /** delete: spared because their run has not completed (the current run included). */
  sparedAsActive?: Artifact[]
  /** The runs of `sparedAsActive`, newest first, with their status ('in_progress', 'current', …). */
  activeRuns?: ActiveRun[]
  /** download, `latest: run`: the run taken, and its newest matching artifact (why it was taken). */
  latestRun?: { runId?: number; newest: Artifact }
}

/** A run that has not completed, as delete reports it. */
export interface ActiveRun {
  id: number
  /** The API's status ('in_progress', 'queued', 'waiting', …), or 'current' for GITHUB_RUN_ID. */
  status: string
}

/** What must not be touched, learnt from GitHub before selecting (src/listing/protected.ts). */
export interface Protections {
  /** Commits that carry a tag matching `keep-tagged` (lower-case SHAs). */
  taggedShas?: ReadonlySet<string>
  /** Runs that have not completed, by id, with their status (the current run included). */
  activeRuns?: ReadonlyMap<number, string>
}

/**
 * The selection pipeline (spec, steps 1–4 after listing): de-duplicate, order newest first,
 * filter, spare the newest of each group, order for acting, cap at `limit`. Pure: the clock is `now`.
 */
export function selectArtifacts(
  artifacts: Artifact[],
  criteria: Criteria,
  now: Date,
  protections: Protections = {}
): Selection {
  const unique = [...new Map(artifacts.map((a) => [a.id, a])).values()].sort(newestFirst)
  const identified = unique.filter(inQuestion(criteria))
  const candidates = criteria.skipForks ? identified.filter((a) => !isFromFork(a)) : identified
  const spared = spareLatest(candidates, criteria.keepLatest, criteria.keepLatestBy)
  const sparedIds = new Set(spared.map((a) => a.id))
  let matched = candidates.filter((a) => !sparedIds.has(a.id) && passesAgeAndSize(a, criteria, now))
  // A run still going may need its artifacts in a later job: that reason comes first.
  const active = (a: Artifact): boolean => isOfActiveRun(a, protections)
  const tagged = (a: Artifact): boolean => !active(a) && isTagged(a, protections)
  const sparedAsActive = matched.filter(active)
  const sparedByTag = matched.filter(tagged)
  matched = matched.filter((a) => !active(a) && !tagged(a))
  const latestRun = criteria.latest === 'run' ? newestRunOf(matched) : undefined
  if (criteria.latest === 'name') matched = newestPerName(matched)
  if (latestRun) matched = matched.filter((a) => sameRun(a, latestRun.newest))
  if (criteria.order === 'oldest-first') matched.reverse()
  const cut = criteria.limit ?? matched.length
  return {
    selected: matched.slice(0, cut),
    notReached: matched.slice(cut),
    spared,
    listed: unique.length,
    sparedByTag,
    sparedAsActive,
    activeRuns: activeRunsOf(sparedAsActive, protections),
    ...(latestRun ? { latestRun } : {}),
    ...(criteria.skipForks ? { forksSkipped: identified.length - candidates.length } : {})
  }
}

function isOfActiveRun(artifact: Artifact, { activeRuns }: Protections): boolean {
  const run = artifact.workflowRun.id
  return activeRuns !== undefined && run !== undefined && activeRuns.has(run)
}

function activeRunsOf(spared: Artifact[], { activeRuns }: Protections): ActiveRun[] {
  const ids = [...new Set(spared.map((a) => a.workflowRun.id as number))].sort(
    (a, b) => Number(b) - Number(a)
  )
  return ids.map((id) => ({ id, status: activeRuns?.get(id) ?? 'in_progress' }))
}

function isTagged(artifact: Artifact, { taggedShas }: Protections): boolean {
  const sha = artifact.workflowRun.headSha?.toLowerCase()
  return taggedShas !== undefined && sha !== undefined && taggedShas.has(sha)
}

/**
 * The run of the newest artifact that names one (`artifacts` are newest first); an artifact whose
 * run id is missing or not a positive whole number belongs to no run and is passed over. When no
 * artifact names a run, the newest is a set alone.
 */
function newestRunOf(artifacts: Artifact[]): Selection['latestRun'] {
  const newest = artifacts.find((a) => isRunId(a.workflowRun.id)) ?? artifacts[0]
  return (
    newest && { runId: isRunId(newest.workflowRun.id) ? newest.workflowRun.id : undefined, newest }
  )
}

function isRunId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0
}

function sameRun(artifact: Artifact, newest: Artifact): boolean {
  const run = newest.workflowRun.id
  return run === undefined ? artifact.id === newest.id : artifact.workflowRun.id === run
}

/**
 * Every artifact that passes every filter, newest first, whatever `latest` and `limit` say: the
 * candidates among which download's newest-by-name listing looks for the newest. Pure.
 */
export function candidates(criteria: Criteria, now: Date): (found: Artifact[]) => Artifact[] {
  const every = { ...criteria, latest: undefined, limit: undefined }
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
  if (by === 'all') return ''
  if (by === 'name') return artifact.name
  return JSON.stringify([artifact.name, artifact.workflowRun.headBranch ?? ''])
}
