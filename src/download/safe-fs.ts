/**
 * File-system steps that never follow a symbolic link below the destination root: every path
 * component is checked with lstat, directories are created one level at a time, files are created
 * with O_EXCL (`wx`), which refuses to open anything that exists, a symlink included.
 */
import { constants, type WriteStream } from 'node:fs'
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'

/** An archive or destination that would make us write where we must not. */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsafePathError'
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

async function lstatOrUndefined(path: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await lstat(path)
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Makes `root/segments…` a directory, one component at a time; fails if any component is a
 * symlink or a file. `root` itself is trusted (the user chose it).
 */
export async function ensureDirectory(
  root: string,
  segments: readonly string[],
  created: string[] = []
): Promise<string> {
  let path = root
  for (const segment of segments) {
    path = join(path, segment)
    let stats = await lstatOrUndefined(path)
    if (!stats) {
      try {
        await mkdir(path, { mode: 0o755 })
        created.push(path)
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error // another artifact made it meanwhile
      }
      stats = await lstat(path)
    }
    if (stats.isSymbolicLink())
      throw new UnsafePathError(`'${segments.join('/')}' goes through a symbolic link`)
    if (!stats.isDirectory())
      throw new UnsafePathError(
        `'${segments.join('/')}' goes through a file that is not a directory`
      )
  }
  return path
}

/**
 * Clears the way for a new file at `path`: nothing there, or a regular file (replaced, as
 * download-artifact does). A symlink or a directory there is refused.
 */
async function clearFileSlot(path: string, shown: string): Promise<void> {
  const stats = await lstatOrUndefined(path)
  if (!stats) return
  if (stats.isSymbolicLink())
    throw new UnsafePathError(
      `'${shown}' is a symbolic link in the destination; not writing through it`
    )
  if (!stats.isFile())
    throw new UnsafePathError(`'${shown}' exists in the destination and is not a file`)
  await unlink(path)
}

/**
 * Opens a new file for writing at `root/segments…` (parents created safely). O_EXCL makes the open
 * fail rather than follow a symlink that appeared after the check.
 */
export async function createFileStream(
  root: string,
  segments: readonly string[],
  mode: number,
  created: string[] = []
): Promise<{ path: string; stream: WriteStream }> {
  const dir = await ensureDirectory(root, segments.slice(0, -1), created)
  const path = join(dir, segments[segments.length - 1])
  const shown = segments.join('/')
  for (let attempt = 0; ; attempt++) {
    await clearFileSlot(path, shown)
    try {
      const stream = await openExclusive(path, mode)
      return { path, stream }
    } catch (error) {
      // Another artifact of a merge wrote the same file between the check and the open.
      if (code(error) !== 'EEXIST' || attempt >= 2) throw error
    }
  }
}

async function openExclusive(path: string, mode: number): Promise<WriteStream> {
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)
  const handle = await open(path, flags, mode)
  return handle.createWriteStream()
}

/** Moves a finished temporary file to `root/segments…`, replacing a regular file there. */
export async function placeFile(
  root: string,
  segments: readonly string[],
  from: string
): Promise<string> {
  const dir = await ensureDirectory(root, segments.slice(0, -1))
  const path = join(dir, segments[segments.length - 1])
  await clearFileSlot(path, segments.join('/'))
  await rename(from, path)
  return path
}

/**
 * Creates a new file at `root/segments…` (parents created safely) and returns its handle; O_EXCL
 * and O_NOFOLLOW: never an existing file, never through a symlink.
 */
export async function openNewFile(
  root: string,
  segments: readonly string[],
  mode: number,
  created: string[] = []
): Promise<{ path: string; handle: import('node:fs/promises').FileHandle }> {
  const dir = await ensureDirectory(root, segments.slice(0, -1), created)
  const path = join(dir, segments[segments.length - 1])
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)
  return { path, handle: await open(path, flags, mode) }
}
