/**
 * Names that must never reach the file system from an artifact: a `.git` path segment in any of
 * the spellings a file system maps to `.git` (a workspace's `.git/config` is code that git runs:
 * `core.fsmonitor`, hooks), and ids that are not positive safe integers.
 */

/** Characters HFS+ ignores in names (so `.g\u200cit` is `.git` there), as git's own check lists them. */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/gu

/**
 * Whether a path segment is `.git` as some file system sees it: any case (`.GIT`), with trailing
 * dots or spaces (NTFS drops them), the 8.3 short name `GIT~1` (NTFS), or with characters HFS+
 * ignores.
 */
export function isGitSegment(segment: string): boolean {
  const folded = segment
    .replace(HFS_IGNORED, '')
    .replace(/[. ]+$/, '')
    .toLowerCase()
  return folded === '.git' || folded === 'git~1'
}

/** Whether a value is a positive safe integer (what an id from the API must be). */
export function isPositiveId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

/** A name shown in a message: control characters replaced, length capped. */
export function printable(name: string): string {
  return name.replace(/\p{Cc}/gu, '?').slice(0, 200)
}
