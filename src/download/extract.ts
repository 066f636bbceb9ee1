/**
 * Safe extraction of a zip with yauzl, into a private staging directory: the central directory is
 * read and every entry checked before the first byte is written. Refused: absolute paths, drive
 * letters, `..`, a `.git` segment in any spelling, characters upload-artifact never writes,
 * symbolic links and other special entries, duplicates, encrypted entries, a file that is also a
 * directory, entries that share bytes (overlapping entries: a zip bomb), more bytes than the
 * directory declares, a CRC that does not match. Local headers are used only to find where an
 * entry's data starts, never for names or sizes.
 */
import { open as openFile, rmdir, statfs, unlink } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as zlib from 'node:zlib'
import yauzl from 'yauzl'
import { formatBytes } from '../units.js'
import { isGitSegment, printable } from './names.js'
import { createFileStream, ensureDirectory, UnsafePathError } from './safe-fs.js'

/** An archive that is corrupt or hostile; nothing of it is extracted. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ArchiveError'
  }
}

/** What an extraction wrote. */
export interface Extracted {
  files: number
  bytes: number
}

/** One checked entry, ready to write. */
export interface PlannedEntry {
  entry: yauzl.Entry
  segments: string[]
  directory: boolean
  mode: number
}

const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const DOS_DIRECTORY = 0x10
const DOS_REPARSE_POINT = 0x400
/** Characters upload-artifact refuses in file paths; they mean trouble on some file system. */
const UNSAFE_CHARS = /[:*?"<>|\p{Cc}]/u

/** Whether the file starts like a zip (a local header, or an empty archive's end record). */
export async function looksLikeZip(path: string): Promise<boolean> {
  const handle = await openFile(path, 'r')
  try {
    const head = Buffer.alloc(4)
    const { bytesRead } = await handle.read(head, 0, 4, 0)
    if (bytesRead < 4) return false
    const sig = head.readUInt32LE(0)
    return sig === 0x04034b50 || sig === 0x06054b50
  } finally {
    await handle.close()
  }
}

/**
 * Splits an entry name into path segments, or throws: no absolute path, no drive letter, no `..`,
 * no empty name, no unsafe character. `.` and empty segments are dropped.
 */
export function entrySegments(name: string): string[] {
  const slashed = name.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed))
    throw new ArchiveError(`entry '${printable(name)}' is an absolute path`)
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..'))
    throw new ArchiveError(`entry '${printable(name)}' climbs out with '..'`)
  if (segments.length === 0) throw new ArchiveError(`entry '${printable(name)}' has no name`)
  if (segments.some((s) => UNSAFE_CHARS.test(s)))
    throw new ArchiveError(`entry '${printable(name)}' has a character that is not allowed`)
  if (segments.some(isGitSegment))
    throw new ArchiveError(
      `entry '${printable(name)}' has a .git path segment (a git repository's config runs code)`
    )
  return segments
}

/** Checks one central-directory entry: its kind (file or directory), its mode and its path. */
function planEntry(entry: yauzl.Entry): PlannedEntry {
  const name = entry.fileName
  const segments = entrySegments(name)
  if (entry.isEncrypted()) throw new ArchiveError(`entry '${printable(name)}' is encrypted`)
  const unix = entry.versionMadeBy >> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0
  const type = unix & S_IFMT
  const dos = entry.externalFileAttributes & 0xffff
  if (type === S_IFLNK || dos & DOS_REPARSE_POINT)
    throw new ArchiveError(`entry '${printable(name)}' is a symbolic link`)
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
    throw new ArchiveError(`entry '${printable(name)}' is not a file or a directory`)
  const directory = name.endsWith('/') || type === S_IFDIR || (dos & DOS_DIRECTORY) !== 0
  if (directory && entry.uncompressedSize > 0)
    throw new ArchiveError(`directory entry '${printable(name)}' has data`)
  return { entry, segments, directory, mode: unix & 0o111 ? 0o755 : 0o644 }
}

/**
 * Every entry checked, and the archive as a whole: no duplicates, no file used as a directory, no
 * two entries sharing bytes (each entry's local header and data end before the next entry starts
 * and before the central directory at `directoryOffset`). Returned in the order of their data.
 */
export function planEntries(entries: yauzl.Entry[], directoryOffset?: number): PlannedEntry[] {
  const planned = entries
    .map(planEntry)
    .sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader)
  for (let i = 0; i < planned.length; i++) {
    const { entry } = planned[i]
    const next = planned[i + 1]?.entry.relativeOffsetOfLocalHeader ?? directoryOffset
    // A local header is 30 bytes at least, its data follows: anything less means shared bytes.
    if (next !== undefined && entry.relativeOffsetOfLocalHeader + 30 + entry.compressedSize > next)
      throw new ArchiveError(
        `entry '${printable(entry.fileName)}' overlaps the next one (entries that share bytes are a zip bomb)`
      )
  }
  const files = new Set<string>()
  const dirs = new Set<string>()
  for (const p of planned) {
    for (let i = 1; i < p.segments.length; i++) dirs.add(p.segments.slice(0, i).join('/'))
    const key = p.segments.join('/')
    if (p.directory) {
      dirs.add(key)
      continue
    }
    if (files.has(key)) throw new ArchiveError(`entry '${printable(key)}' appears twice`)
    files.add(key)
  }
  for (const key of files) {
    if (dirs.has(key))
      throw new ArchiveError(`entry '${printable(key)}' is both a file and a directory`)
  }
  return planned
}

/** Where the central directory starts (yauzl's cursor before the first entry is read). */
export function directoryOffsetOf(zip: yauzl.ZipFile): number | undefined {
  const cursor = (zip as unknown as { readEntryCursor?: unknown }).readEntryCursor
  return typeof cursor === 'number' ? cursor : undefined
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(zipError(error)) : resolve(zip))
    )
  })
}

export function zipError(error: unknown): ArchiveError {
  return error instanceof ArchiveError
    ? error
    : new ArchiveError(`not a valid zip: ${error instanceof Error ? error.message : String(error)}`)
}

export function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = []
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', (error) => reject(zipError(error)))
    zip.readEntry()
  })
}

/**
 * Opens an entry's data, refusing one whose data runs into the next entry (`end`): entries that
 * share bytes are a zip bomb.
 */
async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, end?: number): Promise<Readable> {
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true })
  if (end !== undefined && fileDataStart + entry.compressedSize > end)
    throw new ArchiveError(
      `entry '${printable(entry.fileName)}' overlaps the next one (entries that share bytes are a zip bomb)`
    )
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw new ArchiveError(
      `entry '${printable(entry.fileName)}' uses compression method ${entry.compressionMethod}, which is not supported`
    )
  return new Promise((resolve, reject) => {
    zip.openReadStreamLowLevel(
      fileDataStart,
      entry.compressedSize,
      0,
      entry.compressedSize,
      entry.compressionMethod === 8,
      entry.uncompressedSize,
      (error, stream) => (error || !stream ? reject(zipError(error)) : resolve(stream))
    )
  })
}

/** Passes an entry's bytes through, refusing more than declared and a wrong CRC-32. */
export function verifyEntry(entry: yauzl.Entry, shown: string) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let bytes = 0
    let crc = 0
    for await (const chunk of source) {
      bytes += chunk.length
      if (bytes > entry.uncompressedSize)
        throw new ArchiveError(`entry '${shown}' inflates past its declared size`)
      crc = zlib.crc32(chunk, crc)
      yield chunk
    }
    if (bytes !== entry.uncompressedSize)
      throw new ArchiveError(`entry '${shown}' is shorter than its declared size`)
    if (crc >>> 0 !== entry.crc32 >>> 0)
      throw new ArchiveError(`entry '${shown}' fails its CRC-32 check`)
  }
}

export async function checkFreeSpace(dir: string, needed: number): Promise<void> {
  const stats = await statfs(dir)
  const available = stats.bavail * stats.bsize
  if (needed > available) {
    throw new ArchiveError(
      `the archive declares ${formatBytes(needed)} of files; only ${formatBytes(available)} are free`
    )
  }
}

/**
 * Extracts the zip at `zipPath` into `root/prefix…` (a staging directory). Checks the whole
 * directory first, then `reserve`s the bytes it declares (free space), then writes each file
 * (O_EXCL, never through a symlink); what it made is taken back when it fails half-way.
 */
export async function extractZip(
  zipPath: string,
  root: string,
  prefix: readonly string[],
  reserve: (bytes: number) => Promise<void> = (bytes) => checkFreeSpace(root, bytes)
): Promise<Extracted> {
  const zip = await openZip(zipPath)
  // What this extraction made, to take back if it fails half-way (a lie found mid-stream).
  const made: Made = { files: [], dirs: [] }
  try {
    const directoryOffset = directoryOffsetOf(zip)
    const planned = planEntries(await readEntries(zip), directoryOffset)
    const bytes = planned.reduce((sum, p) => sum + p.entry.uncompressedSize, 0)
    await reserve(bytes)
    await ensureDirectory(root, prefix, made.dirs)
    for (let i = 0; i < planned.length; i++) {
      const p = planned[i]
      const end = planned[i + 1]?.entry.relativeOffsetOfLocalHeader ?? directoryOffset
      const segments = [...prefix, ...p.segments]
      if (p.directory) await ensureDirectory(root, segments, made.dirs)
      else await writeEntry(zip, p, root, segments, made, end)
    }
    return { files: made.files.length, bytes }
  } catch (error) {
    await undo(made)
    throw error instanceof UnsafePathError ? new ArchiveError(error.message) : error
  } finally {
    zip.close()
  }
}

interface Made {
  files: string[]
  dirs: string[]
}

async function undo(made: Made): Promise<void> {
  for (const file of made.files) await unlink(file).catch(() => undefined)
  // Deepest first; a directory another artifact of a merge wrote into stays (not empty).
  for (const dir of [...made.dirs].reverse()) await rmdir(dir).catch(() => undefined)
}

async function writeEntry(
  zip: yauzl.ZipFile,
  p: PlannedEntry,
  root: string,
  segments: string[],
  made: Made,
  end?: number
): Promise<void> {
  const { path, stream } = await createFileStream(root, segments, p.mode, made.dirs)
  made.files.push(path)
  try {
    const source = await openEntry(zip, p.entry, end)
    await pipeline(source, verifyEntry(p.entry, printable(p.segments.join('/'))), stream)
  } catch (error) {
    stream.destroy()
    await unlink(path).catch(() => undefined)
    throw zipError(error)
  }
}
