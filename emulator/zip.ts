/**
 * A small zip writer shaped like the archives actions/upload-artifact v4 produces (archiver /
 * zip-stream): every entry deflated, general-purpose bit 3 set (sizes and CRC in a data descriptor
 * after the data, zeros in the local header), UTF-8 names, "made by" Unix with 0644 modes. Plus a
 * strict reader used to check archives (central directory, local headers, CRCs, sizes).
 */
import * as zlib from 'node:zlib'

const SIG_LOCAL = 0x04034b50
const SIG_CENTRAL = 0x02014b50
const SIG_DESCRIPTOR = 0x08074b50
const SIG_EOCD = 0x06054b50
const FLAG_DATA_DESCRIPTOR = 0x0008
const FLAG_UTF8 = 0x0800
const METHOD_STORED = 0
const METHOD_DEFLATED = 8
const VERSION_MADE_BY = (3 << 8) | 45 // Unix, spec 4.5 (as zip-stream writes)
const VERSION_NEEDED = 20
const DEFAULT_FILE_MODE = 0o100644

/** CRC-32 (zlib.crc32: Node 20.15+, which package.json's engines require). */
export function crc32(data: Uint8Array, value = 0): number {
  return zlib.crc32(data, value) >>> 0
}

/** An entry whose data is already deflated (raw deflate), so it can be shared between archives. */
export interface PreparedEntry {
  crc: number
  size: number
  compressed: Buffer
}

/** Deflates (raw) one file's data. Small outputs are copied: zlib hands back 16 KiB slabs. */
export function prepareEntry(
  data: Buffer,
  level = 6,
  options: Pick<zlib.ZlibOptions, 'windowBits' | 'memLevel'> = {}
): PreparedEntry {
  const out = zlib.deflateRawSync(data, { level, ...options })
  const compressed = out.buffer.byteLength > out.length + 1024 ? Buffer.from(out) : out
  return { crc: crc32(data), size: data.length, compressed }
}

/** A zero-filled buffer carved from Node's shared pool (headers are tiny and numerous). */
function header(size: number): Buffer {
  return Buffer.allocUnsafe(size).fill(0)
}

export interface ZipEntryInput {
  name: string
  data: Buffer
  mtime?: Date
}

export interface ZipPartEntry extends PreparedEntry {
  name: string
  mtime: Date
}

function dosDateTime(d: Date): number {
  const year = Math.max(1980, Math.min(2107, d.getUTCFullYear()))
  const date = ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate()
  const time =
    (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2)
  return ((date << 16) | time) >>> 0
}

/**
 * The archive as a list of parts (headers are fresh buffers, entry data buffers are shared), so
 * callers can hash or stream an archive without concatenating it. Not zip64: keep archives < 4 GiB.
 */
export function zipParts(entries: readonly ZipPartEntry[]): Buffer[] {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const dos = dosDateTime(e.mtime)
    const local = header(30 + name.length)
    local.writeUInt32LE(SIG_LOCAL, 0)
    local.writeUInt16LE(VERSION_NEEDED, 4)
    local.writeUInt16LE(FLAG_DATA_DESCRIPTOR | FLAG_UTF8, 6)
    local.writeUInt16LE(METHOD_DEFLATED, 8)
    local.writeUInt32LE(dos, 10)
    // crc, compressed size, size: zero here, in the data descriptor instead
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    name.copy(local, 30)
    const descriptor = header(16)
    descriptor.writeUInt32LE(SIG_DESCRIPTOR, 0)
    descriptor.writeUInt32LE(e.crc >>> 0, 4)
    descriptor.writeUInt32LE(e.compressed.length, 8)
    descriptor.writeUInt32LE(e.size, 12)
    parts.push(local, e.compressed, descriptor)

    const cd = header(46 + name.length)
    cd.writeUInt32LE(SIG_CENTRAL, 0)
    cd.writeUInt16LE(VERSION_MADE_BY, 4)
    cd.writeUInt16LE(VERSION_NEEDED, 6)
    cd.writeUInt16LE(FLAG_DATA_DESCRIPTOR | FLAG_UTF8, 8)
    cd.writeUInt16LE(METHOD_DEFLATED, 10)
    cd.writeUInt32LE(dos, 12)
    cd.writeUInt32LE(e.crc >>> 0, 16)
    cd.writeUInt32LE(e.compressed.length, 20)
    cd.writeUInt32LE(e.size, 24)
    cd.writeUInt16LE(name.length, 28)
    // extra length 0, comment length 0, disk 0, internal attributes 0
    cd.writeUInt32LE((DEFAULT_FILE_MODE << 16) >>> 0, 38)
    cd.writeUInt32LE(offset, 42)
    name.copy(cd, 46)
    central.push(cd)
    offset += local.length + e.compressed.length + descriptor.length
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0)
  const eocd = header(22)
  eocd.writeUInt32LE(SIG_EOCD, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(centralSize, 12)
  eocd.writeUInt32LE(offset, 16)
  parts.push(...central, eocd)
  return parts
}

/** A whole zip archive in memory. */
export function createZip(entries: readonly ZipEntryInput[], level = 6): Buffer {
  const mtime = new Date()
  return Buffer.concat(
    zipParts(
      entries.map((e) => ({
        name: e.name,
        mtime: e.mtime ?? mtime,
        ...prepareEntry(e.data, level)
      }))
    )
  )
}

export interface ZipDirectoryEntry {
  name: string
  flags: number
  method: number
  crc: number
  compressedSize: number
  size: number
  localHeaderOffset: number
  versionMadeBy: number
  externalAttributes: number
  /** offset of the entry's data in the archive */
  dataOffset: number
}

/**
 * Parses the end-of-central-directory record and the central directory, and checks each entry's
 * local header. Throws on anything malformed. No zip64, no multi-disk.
 */
export function readZipDirectory(buf: Buffer): ZipDirectoryEntry[] {
  if (buf.length < 22) throw new Error('not a zip: too short')
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory record')
  const count = buf.readUInt16LE(eocd + 10)
  const cdSize = buf.readUInt32LE(eocd + 12)
  const cdOffset = buf.readUInt32LE(eocd + 16)
  if (cdOffset + cdSize > eocd) throw new Error('central directory overlaps its end record')
  const entries: ZipDirectoryEntry[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new Error(`bad central directory header #${i}`)
    }
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const entry = {
      versionMadeBy: buf.readUInt16LE(p + 4),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      externalAttributes: buf.readUInt32LE(p + 38),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen)
    }
    p += 46 + nameLen + extraLen + commentLen
    const l = entry.localHeaderOffset
    if (l + 30 > cdOffset || buf.readUInt32LE(l) !== SIG_LOCAL) {
      throw new Error(`bad local header for ${entry.name}`)
    }
    const localNameLen = buf.readUInt16LE(l + 26)
    const localExtraLen = buf.readUInt16LE(l + 28)
    if (buf.toString('utf8', l + 30, l + 30 + localNameLen) !== entry.name) {
      throw new Error(`local and central names differ for ${entry.name}`)
    }
    const dataOffset = l + 30 + localNameLen + localExtraLen
    if (dataOffset + entry.compressedSize > cdOffset) {
      throw new Error(`data of ${entry.name} runs past the central directory`)
    }
    entries.push({ ...entry, dataOffset })
  }
  if (p !== cdOffset + cdSize) throw new Error('central directory size does not add up')
  return entries
}

/** Inflates one entry and checks its size and CRC. */
export function readZipEntry(buf: Buffer, entry: ZipDirectoryEntry): Buffer {
  const raw = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize)
  let data: Buffer
  if (entry.method === METHOD_DEFLATED) data = zlib.inflateRawSync(raw)
  else if (entry.method === METHOD_STORED) data = Buffer.from(raw)
  else throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`)
  if (data.length !== entry.size) throw new Error(`size mismatch for ${entry.name}`)
  if (crc32(data) !== entry.crc) throw new Error(`CRC mismatch for ${entry.name}`)
  return data
}
