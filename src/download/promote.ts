/**
 * Promotion: moving a verified, fully extracted artifact from its staging directory into place.
 * One promotion at a time. Before anything moves, every destination path is checked (no symbolic
 * link on the way or at the file itself, no file where a directory must be, no directory where a
 * file must be). Files already there are moved aside into staging, not deleted, so a promotion
 * that fails half-way puts back exactly what was there. With merge-multiple, a file already
 * promoted by a newer artifact of this run is left alone: the newest artifact's file wins,
 * whatever the order in which the artifacts finished.
 */
import type { Dirent } from 'node:fs'
import { lstat, mkdir, readdir, rename, rmdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { UnsafePathError } from './safe-fs.js'

/** What a promotion moved. */
export interface Promoted {
  files: number
  /** Files a newer artifact of this run had already written (merge-multiple), left alone. */
  skipped: number
}

type Kind = 'missing' | 'dir' | 'file' | 'other' | 'symlink'

async function kindOf(path: string): Promise<Kind> {
  try {
    const stats = await lstat(path)
    if (stats.isSymbolicLink()) return 'symlink'
    if (stats.isDirectory()) return 'dir'
    if (stats.isFile()) return 'file'
    return 'other'
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
}

/** Every file and directory below `dir`, as path segments, parents before children. */
async function walk(dir: string): Promise<{ files: string[][]; dirs: string[][] }> {
  const files: string[][] = []
  const dirs: string[][] = []
  const visit = async (segments: string[]): Promise<void> => {
    const entries: Dirent[] = await readdir(join(dir, ...segments), { withFileTypes: true })
    for (const e of entries) {
      const next = [...segments, e.name]
      if (e.isDirectory()) {
        dirs.push(next)
        await visit(next)
      } else files.push(next)
    }
  }
  await visit([])
  return { files, dirs }
}

interface Step {
  /** The promoted file at its destination, to move back out on failure. */
  placed?: { from: string; to: string }
  /** A file that was there, moved aside. */
  aside?: { original: string; backup: string }
}

export class Promoter {
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false
  /** Destination file → rank (0 = newest) of the artifact of this run that wrote it. */
  private readonly owners = new Map<string, number>()

  constructor(
    private readonly root: string,
    /** The staging directory's name in `root`: nothing is ever promoted into it. */
    private readonly staging?: string
  ) {}

  private checkTarget(segments: string[]): void {
    if (this.staging !== undefined && segments[0] === this.staging)
      throw new UnsafePathError(`'${segments.join('/')}' would go into the staging directory`)
  }

  /**
   * No promotion starts any more (the step is cancelled); settles once the one under way is done,
   * so the files it moved aside are back or replaced, never left in staging.
   */
  close(): Promise<void> {
    this.closed = true
    return this.queue.then(
      () => undefined,
      () => undefined
    )
  }

  /** Runs promotions one at a time; none once closed. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const guarded = (): Promise<T> =>
      this.closed ? Promise.reject(new Error('the step was cancelled')) : work()
    const run = this.queue.then(guarded, guarded)
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * Moves the contents of `staged` into `root/target…`. `rank` orders the artifacts (0 = newest);
   * `backups` is an empty directory in staging for the files moved aside.
   */
  promoteTree(staged: string, target: string[], rank: number, backups: string): Promise<Promoted> {
    return this.serial(async () => {
      await this.checkDirectoryChain(target)
      const destination = join(this.root, ...target)
      if (target.length > 0 && (await kindOf(destination)) === 'missing') {
        // Nothing there yet: the staged directory moves in one rename.
        const created = await this.makeDirectories(target.slice(0, -1))
        try {
          await rename(staged, destination)
        } catch (error) {
          await removeDirectories(created)
          throw error
        }
        const { files } = await walk(destination)
        for (const f of files) this.owners.set(join(destination, ...f), rank)
        return { files: files.length, skipped: 0 }
      }
      const { files, dirs } = await walk(staged)
      return this.moveFiles(
        files.map((f) => ({ from: join(staged, ...f), segments: [...target, ...f] })),
        dirs.map((d) => [...target, ...d]),
        rank,
        backups
      )
    })
  }

  /** Moves the single file `staged` to `root/target…` (a kept zip, or a body that is not a zip). */
  promoteFile(staged: string, target: string[], rank: number, backups: string): Promise<Promoted> {
    return this.serial(async () => {
      await this.checkDirectoryChain(target.slice(0, -1))
      return this.moveFiles([{ from: staged, segments: target }], [], rank, backups)
    })
  }

  /** Every existing component of `root/segments…` must be a real directory. */
  private async checkDirectoryChain(segments: string[]): Promise<void> {
    let path = this.root
    for (let i = 0; i < segments.length; i++) {
      path = join(path, segments[i])
      const kind = await kindOf(path)
      if (kind === 'missing') return
      if (kind !== 'dir') throw notADirectory(segments.slice(0, i + 1), kind)
    }
  }

  private async moveFiles(
    files: { from: string; segments: string[] }[],
    dirs: string[][],
    rank: number,
    backups: string
  ): Promise<Promoted> {
    // Check everything before moving anything.
    const checked = new Map<string, Kind>()
    const kindAt = async (segments: string[]): Promise<Kind> => {
      const path = join(this.root, ...segments)
      let kind = checked.get(path)
      if (kind === undefined) {
        kind = await kindOf(path)
        checked.set(path, kind)
      }
      return kind
    }
    const checkParents = async (segments: string[]): Promise<void> => {
      for (let i = 1; i < segments.length; i++) {
        const kind = await kindAt(segments.slice(0, i))
        if (kind === 'missing') return
        if (kind !== 'dir') throw notADirectory(segments.slice(0, i), kind)
      }
    }
    for (const f of files) this.checkTarget(f.segments)
    for (const d of dirs) {
      this.checkTarget(d)
      await checkParents(d)
      const kind = await kindAt(d)
      if (kind !== 'missing' && kind !== 'dir') throw notADirectory(d, kind)
    }
    const moves: { from: string; to: string; segments: string[]; replace: boolean }[] = []
    let skipped = 0
    for (const f of files) {
      await checkParents(f.segments)
      const to = join(this.root, ...f.segments)
      const owner = this.owners.get(to)
      if (owner !== undefined && owner < rank) {
        skipped += 1
        continue
      }
      const kind = await kindAt(f.segments)
      if (kind === 'symlink')
        throw new UnsafePathError(
          `'${f.segments.join('/')}' is a symbolic link in the destination; not writing through it`
        )
      if (kind !== 'missing' && kind !== 'file')
        throw new UnsafePathError(
          `'${f.segments.join('/')}' exists in the destination and is not a file`
        )
      moves.push({ from: f.from, to, segments: f.segments, replace: kind === 'file' })
    }
    // Then move, keeping a journal to put everything back if a step fails.
    const created: string[] = []
    const steps: Step[] = []
    try {
      for (const d of dirs) created.push(...(await this.makeDirectories(d)))
      for (const m of moves) {
        created.push(...(await this.makeDirectories(m.segments.slice(0, -1))))
        const step: Step = {}
        if (m.replace) {
          const backup = join(backups, String(steps.length))
          await rename(m.to, backup)
          step.aside = { original: m.to, backup }
        }
        steps.push(step)
        await rename(m.from, m.to)
        step.placed = { from: m.from, to: m.to }
      }
    } catch (error) {
      for (const step of steps.reverse()) {
        if (step.placed)
          await rename(step.placed.to, step.placed.from).catch(() =>
            unlink(step.placed!.to).catch(() => undefined)
          )
        if (step.aside) await rename(step.aside.backup, step.aside.original).catch(() => undefined)
      }
      await removeDirectories(created)
      throw error
    }
    for (const m of moves) this.owners.set(m.to, rank)
    return { files: moves.length, skipped }
  }

  /** Creates the missing directories of `root/segments…`; returns those it made. */
  private async makeDirectories(segments: string[]): Promise<string[]> {
    const made: string[] = []
    let path = this.root
    for (let i = 0; i < segments.length; i++) {
      path = join(path, segments[i])
      const kind = await kindOf(path)
      if (kind === 'dir') continue
      if (kind !== 'missing') throw notADirectory(segments.slice(0, i + 1), kind)
      await mkdir(path, { mode: 0o755 })
      made.push(path)
    }
    return made
  }
}

async function removeDirectories(created: string[]): Promise<void> {
  for (const dir of [...created].reverse()) await rmdir(dir).catch(() => undefined)
}

function notADirectory(segments: string[], kind: Kind): UnsafePathError {
  return kind === 'symlink'
    ? new UnsafePathError(`'${segments.join('/')}' goes through a symbolic link`)
    : new UnsafePathError(`'${segments.join('/')}' goes through a file that is not a directory`)
}
