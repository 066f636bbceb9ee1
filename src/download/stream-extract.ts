/**
 * Extraction while the archive arrives. The central directory is fetched first (a `Range` request
 * for the blob's tail) and checked whole, exactly as for a zip on disk (extract.ts: names, `.git`,
 * links, duplicates, overlaps); its declared sizes are reserved against free space. Then the body
 * is read once, in order: each local header must be the one the directory points at (same name,
 * method, sizes), each entry's data is inflated into the staging directory with its size and CRC
 * checked, there is no byte between entries but their data descriptors, and the directory and end
 * records in the body must be byte for byte the ones that were checked. The body is hashed as it
 * goes; the caller compares the digest before anything leaves staging.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as zlib from 'node:zlib'
import yauzl from 'yauzl'
import { ArchiveError, planEntries, type PlannedEntry, readEntries, zipError } from './extract.js'
import {
  BatchWriter,
  BlobFetchError,
  type BlobResponse,
  BodyReader,
  type FetchedBlob,
  type OnBytes,
  requestBlob
} from './fetch-blob.js'
import { printable } from './names.js'
import { ensureDirectory, openNewFile, UnsafePathError } from './safe-fs.js'
import type { TransferTuning } from './tuning.js'

/** The tail asked for first: the end record (up to 64 KiB of comment) and most directories. */
const TAIL_BYTES = 1024 * 1024
/** A central directory larger than this is not held in memory: the archive is fetched whole. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024
const EOCD_SIG = 0x06054b50
const LOCAL_SIG = 0x04034b50
const DESCRIPTOR_SIG = 0x08074b50
const FLAG_DESCRIPTOR = 0x0008

/** A checked central directory: the entries in the order of their data, and the bytes it came from. */
export interface DirectoryPlan {
  entries: PlannedEntry[]
  /** Sum of the declared uncompressed sizes. */
  bytes: number
  /** The blob's size. */
  total: number
  /** Where the central directory starts. */
  directoryOffset: number
  /** The blob's bytes from `tailStart` to its end. */
  tail: Buffer
  tailStart: number
}

/**
 * What asking for the tail found: a checked plan; the whole body (the host ignored `Range`), to be
 * saved as a file; or no zip end record (not a zip, or zip64): fetch the whole body.
 */
export type DirectoryAnswer =
  | { kind: 'plan'; plan: DirectoryPlan }
  | { kind: 'whole'; response: BlobResponse }
  | { kind: 'unsupported' }

/** Fetches and checks the central directory of the blob at `url`. Throws ArchiveError when hostile. */
export async function fetchDirectory(
  url: string,
  tuning: TransferTuning
): Promise<DirectoryAnswer> {
  const first = await requestBlob(url, tuning, `bytes=-${TAIL_BYTES}`)
  if (first.status === 200) return { kind: 'whole', response: first }
  const total = first.total
  let tailStart = first.rangeStart
  if (total === undefined || tailStart === undefined) {
    // A 206 without a usable Content-Range: read the archive whole instead.
    first.message.destroy()
    return { kind: 'unsupported' }
  }
  let tail = await readAll(first, tuning)
  if (tailStart + tail.length !== total)
    throw new BlobFetchError('the blob host answered a range that does not match the request', true)
  const end = findEndRecord(tail)
  if (!end) return { kind: 'unsupported' }
  // yauzl reads up to 64 KiB + 22 bytes before the end for the end record.
  const needed = Math.max(0, Math.min(end.directoryOffset, total - 65_557))
  if (total - needed > MAX_DIRECTORY_BYTES) return { kind: 'unsupported' }
  if (needed < tailStart) {
    const more = await requestBlob(url, tuning, `bytes=${needed}-${tailStart - 1}`)
    if (more.status !== 206 || more.rangeStart !== needed || more.total !== total) {
      more.message.destroy()
      throw new BlobFetchError(
        'the blob host answered a range that does not match the request',
        true
      )
    }
    const head = await readAll(more, tuning)
    if (head.length !== tailStart - needed)
      throw new BlobFetchError('the blob host answered a short range', true)
    tail = Buffer.concat([head, tail])
    tailStart = needed
  }
  let zip: yauzl.ZipFile
  let listed: yauzl.Entry[]
  try {
    zip = await openFromTail(tail, tailStart, total)
    listed = await readEntries(zip).finally(() => zip.close())
  } catch {
    // Not a zip yauzl can read from its tail (a body that only ends like one, say): saved whole,
    // then looked at from its first bytes, as any other body.
    return { kind: 'unsupported' }
  }
  // Data before the first entry (a self-extracting archive): saved whole too.
  if (listed.length > 0 && Math.min(...listed.map((e) => e.relativeOffsetOfLocalHeader)) !== 0)
    return { kind: 'unsupported' }
  const entries = planEntries(listed, end.directoryOffset)
  const bytes = entries.reduce((sum, p) => sum + p.entry.uncompressedSize, 0)
  return {
    kind: 'plan',
    plan: { entries, bytes, total, directoryOffset: end.directoryOffset, tail, tailStart }
  }
}

async function readAll(response: BlobResponse, tuning: TransferTuning): Promise<Buffer> {
  const reader = new BodyReader(response.message, tuning)
  const parts: Buffer[] = []
  let size = 0
  try {
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
      size += chunk.length
      if (size > TAIL_BYTES + MAX_DIRECTORY_BYTES)
        throw new BlobFetchError('the blob host answered more than the range asked for', true)
      parts.push(chunk)
    }
  } finally {
    reader.close()
  }
  if (response.length !== undefined && size !== response.length)
    throw new BlobFetchError(`the transfer ended after ${size} of ${response.length} bytes`, true)
  return Buffer.concat(parts, size)
}

/** The end of central directory record (not zip64), searched from the end. */
function findEndRecord(tail: Buffer): { directoryOffset: number } | undefined {
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIG) continue
    const entries = tail.readUInt16LE(i + 10)
    const size = tail.readUInt32LE(i + 12)
    const offset = tail.readUInt32LE(i + 16)
    // zip64 (or a multi-disk archive): fetched whole and read by yauzl instead.
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return undefined
    if (tail.readUInt16LE(i + 4) !== 0 || tail.readUInt16LE(i + 6) !== 0) return undefined
    return { directoryOffset: offset }
  }
  return undefined
}

/** yauzl over the bytes we hold: the tail of a blob of `total` bytes. */
function openFromTail(tail: Buffer, tailStart: number, total: number): Promise<yauzl.ZipFile> {
  class TailReader extends yauzl.RandomAccessReader {
    _readStreamForRange(start: number, end: number): Readable {
      if (start < tailStart || end > total) {
        const stream = new Readable({ read() {} })
        process.nextTick(() =>
          stream.destroy(new ArchiveError('the central directory points outside itself'))
        )
        return stream
      }
      return Readable.from([tail.subarray(start - tailStart, end - tailStart)])
    }
  }
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(
      new TailReader(),
      total,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(zipError(error)) : resolve(zip))
    )
  })
}

/** What a streamed extraction wrote, and the body it read. */
export interface StreamExtracted extends FetchedBlob {
  files: number
}

/**
 * GETs the whole blob and extracts it into `root` (a staging directory) as the plan says, while
 * hashing the body. Hostile bytes throw ArchiveError; a broken transfer throws BlobFetchError.
 */
export async function streamExtract(
  url: string,
  plan: DirectoryPlan,
  root: string,
  tuning: TransferTuning,
  onBytes: OnBytes = () => {}
): Promise<StreamExtracted> {
  const response = await requestBlob(url, tuning)
  // A length must agree when the host gives one; the end records and the digest are checked anyway.
  if (response.total !== undefined && response.total !== plan.total) {
    response.message.destroy()
    throw new BlobFetchError(
      `the blob changed between two requests (${response.total ?? 'unknown'} bytes, then ${plan.total})`,
      true
    )
  }
  const reader = new BodyReader(response.message, tuning, onBytes)
  const body = new BodyCursor(reader)
  let files = 0
  try {
    const dirs: string[] = []
    for (let i = 0; i < plan.entries.length; i++) {
      const p = plan.entries[i]
      const boundary =
        plan.entries[i + 1]?.entry.relativeOffsetOfLocalHeader ?? plan.directoryOffset
      await extractEntry(body, p, boundary, root, dirs)
      if (!p.directory) files += 1
    }
    if (body.position !== plan.directoryOffset)
      throw new ArchiveError('the archive has bytes the central directory does not account for')
    // The directory and end records in the body must be the ones that were checked.
    const rest = plan.total - plan.directoryOffset
    const trailer = await body.exact(rest)
    if (!trailer.equals(plan.tail.subarray(plan.directoryOffset - plan.tailStart)))
      throw new ArchiveError('the central directory in the body differs from the one checked')
    if (await reader.next()) throw new ArchiveError('the archive goes on after its end record')
  } catch (error) {
    throw error instanceof UnsafePathError ? new ArchiveError(error.message) : error
  } finally {
    reader.close()
  }
  return { files, bytes: reader.bytes, sha256: reader.sha256() }
}

/** A body reader that knows its position. */
class BodyCursor {
  position = 0
  constructor(private readonly reader: BodyReader) {}

  async exact(n: number): Promise<Buffer> {
    const bytes = await this.reader.exact(n)
    this.position += n
    return bytes
  }

  async *take(n: number): AsyncGenerator<Buffer> {
    for await (const chunk of this.reader.take(n)) {
      this.position += chunk.length
      yield chunk
    }
  }
}

async function extractEntry(
  body: BodyCursor,
  p: PlannedEntry,
  boundary: number,
  root: string,
  dirs: string[]
): Promise<void> {
  const { entry } = p
  const shown = printable(entry.fileName)
  if (body.position !== entry.relativeOffsetOfLocalHeader)
    throw new ArchiveError(`entry '${shown}' is not where the central directory says`)
  const header = await body.exact(30)
  if (header.readUInt32LE(0) !== LOCAL_SIG)
    throw new ArchiveError(`entry '${shown}' has no local header where the directory points`)
  const flags = header.readUInt16LE(6)
  const method = header.readUInt16LE(8)
  const nameLength = header.readUInt16LE(26)
  const extraLength = header.readUInt16LE(28)
  const name = await body.exact(nameLength)
  await body.exact(extraLength)
  const descriptor = (flags & FLAG_DESCRIPTOR) !== 0
  if (
    !name.equals(entry.fileNameRaw) ||
    method !== entry.compressionMethod ||
    descriptor !== ((entry.generalPurposeBitFlag & FLAG_DESCRIPTOR) !== 0) ||
    (!descriptor &&
      (header.readUInt32LE(14) !== entry.crc32 >>> 0 ||
        header.readUInt32LE(18) !== entry.compressedSize ||
        header.readUInt32LE(22) !== entry.uncompressedSize))
  )
    throw new ArchiveError(`entry '${shown}': its local header differs from the central directory`)
  if (method !== 0 && method !== 8)
    throw new ArchiveError(
      `entry '${shown}' uses compression method ${method}, which is not supported`
    )
  if (method === 0 && entry.compressedSize !== entry.uncompressedSize)
    throw new ArchiveError(`entry '${shown}' is stored, but its sizes differ`)
  if (body.position + entry.compressedSize > boundary)
    throw new ArchiveError(
      `entry '${shown}' overlaps the next one (entries that share bytes are a zip bomb)`
    )
  if (p.directory) {
    if (entry.compressedSize > (method === 8 ? 2 : 0))
      throw new ArchiveError(`directory entry '${shown}' has data`)
    await drain(body.take(entry.compressedSize))
    await ensureDirectory(root, p.segments, dirs)
  } else {
    await writeEntryData(body, p, root, dirs)
  }
  const gap = boundary - body.position
  if (!descriptor) {
    if (gap !== 0)
      throw new ArchiveError(`entry '${shown}' is followed by bytes that belong to nothing`)
    return
  }
  if (gap !== 12 && gap !== 16)
    throw new ArchiveError(`entry '${shown}' has a data descriptor of an unexpected size`)
  const d = await body.exact(gap)
  const at = gap === 16 ? 4 : 0
  if (
    (gap === 16 && d.readUInt32LE(0) !== DESCRIPTOR_SIG) ||
    d.readUInt32LE(at) !== entry.crc32 >>> 0 ||
    d.readUInt32LE(at + 4) !== entry.compressedSize ||
    d.readUInt32LE(at + 8) !== entry.uncompressedSize
  )
    throw new ArchiveError(
      `entry '${shown}': its data descriptor differs from the central directory`
    )
}

async function drain(source: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0
  for await (const chunk of source) bytes += chunk.length
  return bytes
}

async function writeEntryData(
  body: BodyCursor,
  p: PlannedEntry,
  root: string,
  dirs: string[]
): Promise<void> {
  const { entry } = p
  const shown = printable(entry.fileName)
  const { handle } = await openNewFile(root, p.segments, p.mode, dirs)
  const writer = new BatchWriter(handle)
  let bytes = 0
  let crc = 0
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      bytes += chunk.length
      if (bytes > entry.uncompressedSize)
        throw new ArchiveError(`entry '${shown}' inflates past its declared size`)
      crc = zlib.crc32(chunk, crc)
      await writer.write(chunk)
    }
  }
  try {
    const data = body.take(entry.compressedSize)
    if (entry.compressionMethod === 8) {
      await pipeline(data, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), sink).catch(
        (error: unknown) => {
          throw error instanceof ArchiveError || error instanceof BlobFetchError
            ? error
            : new ArchiveError(
                `entry '${shown}' does not inflate (${String((error as Error)?.message ?? error)})`
              )
        }
      )
    } else {
      await sink(data)
    }
    if (bytes !== entry.uncompressedSize)
      throw new ArchiveError(`entry '${shown}' is shorter than its declared size`)
    if (crc >>> 0 !== entry.crc32 >>> 0)
      throw new ArchiveError(`entry '${shown}' fails its CRC-32 check`)
    await writer.close()
  } catch (error) {
    await writer.abort()
    throw error
  }
}
