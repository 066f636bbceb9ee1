import { join } from 'node:path'
import type { Artifact } from '../artifact.js'
import { isGitSegment, isPositiveId } from './names.js'

/** Characters upload-artifact refuses in a name, plus the path separators that matter here. */
const UNSAFE_NAME = /[/\\:*?"<>|\p{Cc}]/u

/**
 * Whether an artifact name can be used as one file or directory name: not empty, not `.` or `..`,
 * no path separator (`/`, `\`), no drive colon, no control character, none of the characters
 * upload-artifact itself refuses, and not `.git` in any spelling. Names come from whoever ran the
 * workflow: they are untrusted.
 */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !UNSAFE_NAME.test(name) &&
    !isGitSegment(name)
  )
}

/** Where one artifact goes under the destination `root`. */
export interface Placement {
  /** Directory its files are extracted into (root itself, root/<name> or root/<name>-<id>). */
  dir: string
  /** File name when the archive is kept (`extract: false`) or the body is not a zip. */
  base: string
}

export interface LayoutOptions {
  mergeMultiple: boolean
  /** `name` was one exact name (no glob). */
  singleExactName: boolean
  /** `extract` input; false keeps `<base>.zip` (or `<base>` for a body that is not a zip). */
  extract?: boolean
}

/** How two names compare on the file systems runners use (macOS and Windows ignore case). */
function key(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

/**
 * The spec's layout: `root/<name>/` per artifact; `root` itself with merge-multiple, or when one
 * exact name was asked for and one artifact matched; `root/<name>-<id>/` for each of several
 * artifacts of one name. One destination, one artifact: a name that another artifact's place
 * already takes (`foo-123` beside `foo` id 123; `x.zip` beside `x` kept as `x.zip`; `Foo` beside
 * `foo` on a case-insensitive disk) gets `-<id>` too. Names must have passed isPlainFileName;
 * artifacts come newest first.
 */
export function planLayout(
  artifacts: Artifact[],
  root: string,
  options: LayoutOptions
): Map<number, Placement> {
  const perName = new Map<string, number>()
  for (const a of artifacts) perName.set(key(a.name), (perName.get(key(a.name)) ?? 0) + 1)
  const intoRoot = options.mergeMultiple || (options.singleExactName && artifacts.length === 1)
  const keep = options.extract === false
  // The names a place takes at the root: its directory, or its kept file (either spelling).
  const names = (base: string): string[] =>
    keep ? [key(base), key(`${base}.zip`)] : intoRoot ? [] : [key(base)]
  const taken = new Set<string>()
  const bases = new Map<number, string>()
  const claim = (a: Artifact, first: string): void => {
    let base = first
    while (names(base).some((n) => taken.has(n))) base = `${base}-${a.id}`
    for (const n of names(base)) taken.add(n)
    bases.set(a.id, base)
  }
  // Names shared by several artifacts get their ids first; then the others, newest first.
  const shared = (a: Artifact): boolean => (perName.get(key(a.name)) ?? 0) > 1
  for (const a of artifacts) if (shared(a)) claim(a, `${a.name}-${a.id}`)
  for (const a of artifacts) if (!shared(a)) claim(a, a.name)
  const plan = new Map<number, Placement>()
  for (const a of artifacts) {
    const base = bases.get(a.id) ?? a.name
    plan.set(a.id, { dir: intoRoot ? root : join(root, base), base })
  }
  return plan
}

/**
 * Why an artifact is refused before any request, if it is: an id or run id that is not a positive
 * whole number, or a name that got no place in `plan` (not a plain file name). Download and its
 * dry run ask the same question.
 */
export function refusalOf(artifact: Artifact, plan: Map<number, Placement>): string | undefined {
  if (!isPositiveId(artifact.id))
    return `its id '${String(artifact.id).slice(0, 40)}' from the API is not a positive whole number; refused`
  const runId = artifact.workflowRun.id
  if (runId !== undefined && runId !== null && !isPositiveId(runId))
    return `its run id '${String(runId).slice(0, 40)}' from the API is not a positive whole number; refused`
  if (!plan.has(artifact.id))
    return 'its name is not a plain file name (no /, \\, .., :, control characters or .git); refused'
  return undefined
}
