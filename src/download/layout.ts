import { join } from 'node:path'
import type { Artifact } from '../artifact.js'

/** Characters upload-artifact refuses in a name, plus the path separators that matter here. */
const UNSAFE_NAME = /[/\\:*?"<>|\p{Cc}]/u

/**
 * Whether an artifact name can be used as one file or directory name: not empty, not `.` or `..`,
 * no path separator (`/`, `\`), no drive colon, no control character, none of the characters
 * upload-artifact itself refuses. Names come from whoever ran the workflow: they are untrusted.
 */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !UNSAFE_NAME.test(name)
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
}

/**
 * The spec's layout: `root/<name>/` per artifact; `root` itself with merge-multiple, or when one
 * exact name was asked for and one artifact matched; `root/<name>-<id>/` for each of several
 * artifacts of one name. Names must have passed isPlainFileName.
 */
export function planLayout(
  artifacts: Artifact[],
  root: string,
  options: LayoutOptions
): Map<number, Placement> {
  const perName = new Map<string, number>()
  for (const a of artifacts) perName.set(a.name, (perName.get(a.name) ?? 0) + 1)
  const intoRoot = options.mergeMultiple || (options.singleExactName && artifacts.length === 1)
  const plan = new Map<number, Placement>()
  for (const a of artifacts) {
    const base = (perName.get(a.name) ?? 0) > 1 ? `${a.name}-${a.id}` : a.name
    plan.set(a.id, { dir: intoRoot ? root : join(root, base), base })
  }
  return plan
}
