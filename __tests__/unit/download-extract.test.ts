import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { hostileArchives, rawZip, uploadArtifactZip } from '../../emulator/index.js'
import {
  ArchiveError,
  entrySegments,
  extractZip,
  looksLikeZip
} from '../../src/download/extract.js'

let dir: string
let root: string
let escape: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ak-extract-'))
  root = join(dir, 'dest')
  mkdirSync(root)
  escape = `ak-unit-escape-${process.pid}-${Date.now()}`
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function zipFile(buffer: Buffer): string {
  const file = join(dir, `archive-${Math.random()}.zip`)
  writeFileSync(file, buffer)
  return file
}

function tree(d: string): string[] {
  const out: string[] = []
  const walk = (p: string): void => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      out.push(relative(d, join(p, e.name)) + (e.isDirectory() ? '/' : ''))
      if (e.isDirectory()) walk(join(p, e.name))
    }
  }
  walk(d)
  return out.sort()
}

describe('entrySegments', () => {
  it.each([
    ['a/b.txt', ['a', 'b.txt']],
    ['./a//b', ['a', 'b']],
    ['dir/', ['dir']],
    ['a\\b', ['a', 'b']]
  ])('%j → %j', (name, segments) => expect(entrySegments(name)).toEqual(segments))

  it.each([
    '/etc/passwd',
    '../x',
    'a/../../x',
    '..\\x',
    'C:\\x',
    'C:/x',
    'c:x',
    '',
    '.',
    'a/\u0000b',
    'a:b',
    'x|y'
  ])('refuses %j', (name) => expect(() => entrySegments(name)).toThrow(ArchiveError))
})

describe('extractZip', () => {
  it('extracts an upload-artifact zip with its executable bit', async () => {
    const zip = zipFile(
      await uploadArtifactZip({ 'a.txt': 'A', 'dir/run.sh': { data: '#!/bin/sh', mode: 0o755 } })
    )
    expect(await looksLikeZip(zip)).toBe(true)
    expect(await extractZip(zip, root, ['art'])).toEqual({ files: 2, bytes: 10 })
    expect(tree(root)).toEqual(['art/', 'art/a.txt', 'art/dir/', 'art/dir/run.sh'])
    expect(lstatSync(join(root, 'art/dir/run.sh')).mode & 0o777).toBe(0o755 & ~process.umask())
    expect(lstatSync(join(root, 'art/a.txt')).mode & 0o111).toBe(0)
  })

  it('replaces regular files a previous download left', async () => {
    mkdirSync(join(root, 'art'))
    writeFileSync(join(root, 'art', 'a.txt'), 'old')
    await extractZip(zipFile(await uploadArtifactZip({ 'a.txt': 'new' })), root, ['art'])
    expect(readFileSync(join(root, 'art', 'a.txt'), 'utf8')).toBe('new')
  })

  it.each(Object.keys(hostileArchives('x')))(
    'refuses the hostile archive %s and writes nothing',
    async (name) => {
      const zip = zipFile(hostileArchives(escape)[name])
      await expect(extractZip(zip, root, ['art'])).rejects.toThrow(ArchiveError)
      expect(tree(root)).toEqual([])
      expect(existsSync(join('/tmp', escape))).toBe(false)
    }
  )

  it('trusts the central directory, not the local header, for names', async () => {
    const zip = zipFile(
      rawZip([{ name: 'safe.txt', localName: `../../${escape}`, data: Buffer.from('x') }])
    )
    await extractZip(zip, root, [])
    expect(tree(dir)).toContain('dest/safe.txt')
    expect(tree(dir).some((p) => p.includes(escape))).toBe(false)
  })

  it('refuses to write through a symlinked directory or file in the destination', async () => {
    const outside = join(dir, 'outside')
    mkdirSync(outside)
    symlinkSync(outside, join(root, 'link'))
    await expect(
      extractZip(zipFile(await uploadArtifactZip({ 'x.txt': 'pwned' })), root, ['link'])
    ).rejects.toThrow(/symbolic link/)
    writeFileSync(join(outside, 'target'), 'untouched')
    mkdirSync(join(root, 'art'))
    symlinkSync(join(outside, 'target'), join(root, 'art', 'f.txt'))
    await expect(
      extractZip(zipFile(await uploadArtifactZip({ 'f.txt': 'pwned' })), root, ['art'])
    ).rejects.toThrow(/symbolic link/)
    expect(readdirSync(outside)).toEqual(['target'])
    expect(readFileSync(join(outside, 'target'), 'utf8')).toBe('untouched')
  })

  it('a body that is not a zip is not taken for one', async () => {
    const file = join(dir, 'plain')
    writeFileSync(file, 'hello')
    expect(await looksLikeZip(file)).toBe(false)
  })
})
