/**
 * Hand-built hostile zips (the attacks the artifact tools before us fell to): every byte of the
 * headers is under the caller's control, so names, modes and declared sizes can lie.
 */
import * as zlib from 'node:zlib'
import { crc32 } from './zip.js'

/** One entry as written; anything left out is honest. */
export interface RawEntry {
  /** Name in the central directory (what readers should trust). */
  name: string
  data?: Buffer
  /** Unix st_mode, file type included (0o100644 file, 0o100755 executable, 0o120777 symlink). */
  mode?: number
  /** 'deflate' (default) or 'stored'. */
  method?: 'deflate' | 'stored'
  /** Uncompressed size the headers declare (a lie makes a bomb). */
  declaredSize?: number
  /** Name in the local header, when it should differ from the central directory's. */
  localName?: string
  /** CRC-32 the headers declare. */
  crc?: number
}

/** A zip of `entries`, built by hand. */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0)
    const stored = e.method === 'stored'
    const body = stored ? data : zlib.deflateRawSync(data)
    const crc = e.crc ?? crc32(data)
    const size = e.declaredSize ?? data.length
    const name = Buffer.from(e.name, 'utf8')
    const localName = Buffer.from(e.localName ?? e.name, 'utf8')
    const local = Buffer.alloc(30 + localName.length)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(stored ? 0 : 8, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(localName.length, 26)
    localName.copy(local, 30)
    const cd = Buffer.alloc(46 + name.length)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE((3 << 8) | 45, 4)
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(0x0800, 8)
    cd.writeUInt16LE(stored ? 0 : 8, 10)
    cd.writeUInt32LE(crc >>> 0, 16)
    cd.writeUInt32LE(body.length, 20)
    cd.writeUInt32LE(size, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38)
    cd.writeUInt32LE(offset, 42)
    name.copy(cd, 46)
    parts.push(local, body)
    central.push(cd)
    offset += local.length + body.length
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cdSize, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, ...central, eocd])
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8')

/**
 * The hostile archives, by case. `escape` is a unique name: every attack aims at
 * `/tmp/<escape>` or a sibling of the destination called `<escape>`, so a test can look for it.
 */
export function hostileArchives(escape: string): Record<string, Buffer> {
  const ok = { name: 'ok.txt', data: text('fine\n') }
  return {
    'absolute-path': rawZip([ok, { name: `/tmp/${escape}`, data: text('pwned') }]),
    'dot-dot': rawZip([ok, { name: `../../../../../../../../tmp/${escape}`, data: text('pwned') }]),
    'dot-dot-inside': rawZip([{ name: `a/b/../../../${escape}`, data: text('pwned') }]),
    backslash: rawZip([{ name: `..\\..\\..\\..\\..\\..\\tmp\\${escape}`, data: text('pwned') }]),
    'drive-letter': rawZip([{ name: `C:\\tmp\\${escape}`, data: text('pwned') }]),
    'drive-letter-slash': rawZip([{ name: `C:/tmp/${escape}`, data: text('pwned') }]),
    symlink: rawZip([
      ok,
      { name: 'link', data: text(`/tmp/${escape}`), mode: 0o120777, method: 'stored' }
    ]),
    'symlink-then-write': rawZip([
      { name: 'link', data: text('/tmp'), mode: 0o120777, method: 'stored' },
      { name: `link/${escape}`, data: text('pwned') }
    ]),
    'bomb-declared-small': rawZip([
      { name: 'small.bin', data: Buffer.alloc(8 << 20), declaredSize: 1000 }
    ]),
    duplicate: rawZip([
      { name: 'twice.txt', data: text('first') },
      { name: 'twice.txt', data: text('second') }
    ]),
    'file-and-directory': rawZip([
      { name: 'x', data: text('file') },
      { name: 'x/y', data: text('inside') }
    ]),
    'bad-crc': rawZip([{ name: 'crc.txt', data: text('hello'), crc: 12345 }]),
    // A git repository's config is code: core.fsmonitor runs on the next `git status`.
    'dot-git': rawZip([ok, { name: '.git/config', data: text(FSMONITOR(escape)) }]),
    'dot-git-upper-case': rawZip([ok, { name: '.GIT/config', data: text(FSMONITOR(escape)) }]),
    'dot-git-short-name': rawZip([ok, { name: 'GIT~1/config', data: text(FSMONITOR(escape)) }]),
    'dot-git-nested': rawZip([
      ok,
      { name: 'sub/.Git/hooks/pre-commit', data: text('#!/bin/sh\n') }
    ]),
    'dot-git-trailing-dot': rawZip([ok, { name: '.git./config', data: text(FSMONITOR(escape)) }]),
    'overlapping-entries': overlappingEntries(1 << 20, 50)
  }
}

/** A git config whose fsmonitor hook would run a command (it writes /tmp/<escape>). */
export const FSMONITOR = (escape: string): string =>
  `[core]\n\tfsmonitor = "touch /tmp/${escape}; false"\n`

/**
 * The overlapping-entry zip bomb: one local entry of `size` zero bytes (deflated to a few KB)
 * that `copies` central-directory entries all point at, each under its own name.
 */
export function overlappingEntries(size: number, copies: number): Buffer {
  const one = rawZip([{ name: 'f0', data: Buffer.alloc(size) }])
  const cdStart = one.readUInt32LE(one.length - 6)
  const cd = one.subarray(cdStart, one.length - 22)
  const central: Buffer[] = []
  for (let i = 0; i < copies; i++) {
    const name = Buffer.from(`f${i}`)
    const entry = Buffer.alloc(46 + name.length)
    cd.copy(entry, 0, 0, 46)
    entry.writeUInt16LE(name.length, 28)
    name.copy(entry, 46)
    central.push(entry)
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(copies, 8)
  eocd.writeUInt16LE(copies, 10)
  eocd.writeUInt32LE(cdSize, 12)
  eocd.writeUInt32LE(cdStart, 16)
  return Buffer.concat([one.subarray(0, cdStart), ...central, eocd])
}
