import { statfs } from 'node:fs/promises'
import { formatBytes } from '../units.js'

/** Not enough free space for an artifact, counting the artifacts being written at the same time. */
export class SpaceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SpaceError'
  }
}

/**
 * Free space, counted across the artifacts written at the same time: each one reserves what it
 * will write (the declared size of its files, or its zip) before writing, and keeps the
 * reservation until it is done. A reservation that does not fit in what the file system has free,
 * less what the others have reserved, is refused with a clear message.
 */
export class SpaceLedger {
  private reserved = 0
  /** With a fixed figure (tests): what finished artifacts used of it. */
  private used = 0

  constructor(
    private readonly dir: string,
    /** Pretend the file system has this many bytes free (ARTIFACT_KEEPER_FREE_SPACE_BYTES). */
    private readonly fixedFree?: number
  ) {}

  private async free(): Promise<number> {
    if (this.fixedFree !== undefined) return this.fixedFree - this.used
    const stats = await statfs(this.dir)
    return stats.bavail * stats.bsize
  }

  /** Reserves `bytes` for `what`; the returned function gives them back (`kept`: they stay used). */
  async reserve(bytes: number, what: string): Promise<(kept: boolean) => void> {
    const free = await this.free()
    const others = this.reserved
    if (bytes > free - others) {
      const besides =
        others > 0
          ? `, less ${formatBytes(others)} taken by the artifacts being written at the same time`
          : ''
      throw new SpaceError(
        `not enough free space: ${what} needs ${formatBytes(bytes)}, and ${this.dir} has ${formatBytes(Math.max(0, free))} free${besides}. Free some space, or download fewer artifacts at once ('name', 'limit').`
      )
    }
    this.reserved += bytes
    let released = false
    return (kept: boolean) => {
      if (released) return
      released = true
      this.reserved -= bytes
      if (kept) this.used += bytes
    }
  }
}

/** ENOSPC while writing anyway (something else filled the disk): said plainly. */
export function isNoSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const cause = (error as { cause?: unknown } | undefined)?.cause as
    NodeJS.ErrnoException | undefined
  return (
    code === 'ENOSPC' ||
    cause?.code === 'ENOSPC' ||
    /ENOSPC/.test(String((error as Error)?.message))
  )
}
