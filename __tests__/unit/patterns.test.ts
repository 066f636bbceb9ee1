import { describe, expect, it } from '@jest/globals'
import { compileGlob, compileNamePatterns, hasGlobSyntax, splitList } from '../../src/patterns.js'

describe('splitList', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    [' a , b ,c ', ['a', 'b', 'c']],
    ['a\nb\nc', ['a', 'b', 'c']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a,\n,b,,', ['a', 'b']],
    ['a\n  b, c\n', ['a', 'b', 'c']],
    ['{a,b}', ['{a,b}']],
    ['{a,b}-*,c', ['{a,b}-*', 'c']],
    ['x-{a,{b,c}},y', ['x-{a,{b,c}}', 'y']],
    ['[,]x,y', ['[,]x', 'y']],
    ['!debug-*, build-*', ['!debug-*', 'build-*']],
    ['with space, two words', ['with space', 'two words']]
  ])('%p → %p', (text, items) => {
    expect(splitList(text)).toEqual(items)
  })

  it('ends a brace group at a newline only if it is closed', () => {
    expect(splitList('{a,b}\n{c,d}')).toEqual(['{a,b}', '{c,d}'])
  })
})

describe('hasGlobSyntax', () => {
  it.each([['*'], ['a?'], ['[ab]'], ['{a,b}'], ['!a'], ['a-*-b']])('%p is a glob', (p) => {
    expect(hasGlobSyntax(p)).toBe(true)
  })

  it.each([['build'], ['my-artifact_1.0'], ['coverage report'], ['a+b(c)']])(
    '%p is an exact name',
    (p) => {
      expect(hasGlobSyntax(p)).toBe(false)
    }
  )
})

describe('compileNamePatterns', () => {
  const matching = (patterns: string[], names: string[]): string[] =>
    names.filter(compileNamePatterns(patterns))

  it('no patterns: every name', () => {
    expect(matching([], ['a', 'b', '.hidden'])).toEqual(['a', 'b', '.hidden'])
  })

  it('is anchored at both ends', () => {
    expect(matching(['build'], ['build', 'build-1', 'my-build', 'rebuild-it'])).toEqual(['build'])
    expect(matching(['build-*'], ['build-linux', 'xbuild-linux', 'build-'])).toEqual([
      'build-linux',
      'build-'
    ])
  })

  it('is case-sensitive', () => {
    expect(matching(['build-*'], ['build-a', 'Build-a', 'BUILD-A'])).toEqual(['build-a'])
  })

  it('understands ?, [..] and {a,b}', () => {
    const names = ['log-1', 'log-12', 'log-a', 'test-linux', 'test-macos', 'test-windows']
    expect(matching(['log-?'], names)).toEqual(['log-1', 'log-a'])
    expect(matching(['log-[0-9]'], names)).toEqual(['log-1'])
    expect(matching(['log-[0-9][0-9]'], names)).toEqual(['log-12'])
    expect(matching(['test-{linux,macos}'], names)).toEqual(['test-linux', 'test-macos'])
  })

  it('* matches dots and leading dots', () => {
    expect(matching(['*'], ['.hidden', 'a.b.c'])).toEqual(['.hidden', 'a.b.c'])
    expect(matching(['*.zip'], ['x.zip', '.zip', 'x.tar'])).toEqual(['x.zip', '.zip'])
  })

  it('a leading ! excludes, whatever the order', () => {
    const names = ['build-linux', 'build-debug', 'docs']
    expect(matching(['build-*', '!build-debug'], names)).toEqual(['build-linux'])
    expect(matching(['!build-debug', 'build-*'], names)).toEqual(['build-linux'])
  })

  it('only excludes: everything else', () => {
    expect(matching(['!docs', '!*-debug'], ['build-linux', 'build-debug', 'docs'])).toEqual([
      'build-linux'
    ])
  })

  it('several includes: any of them', () => {
    expect(matching(['docs', 'build-*'], ['docs', 'build-1', 'other'])).toEqual(['docs', 'build-1'])
  })

  it('takes other characters literally (no extglob, no comments)', () => {
    expect(matching(['+(a|b)'], ['a', '+(a|b)'])).toEqual(['+(a|b)'])
    expect(matching(['#notes'], ['#notes', 'notes'])).toEqual(['#notes'])
  })
})

describe('compileGlob on branches', () => {
  it("'*' does not cross '/', '**' does", () => {
    expect(compileGlob('feature/*')('feature/login')).toBe(true)
    expect(compileGlob('feature/*')('feature/login/v2')).toBe(false)
    expect(compileGlob('feature/**')('feature/login/v2')).toBe(true)
    expect(compileGlob('*')('main')).toBe(true)
    expect(compileGlob('*')('release/1.0')).toBe(false)
  })

  it('is anchored', () => {
    expect(compileGlob('main')('main')).toBe(true)
    expect(compileGlob('main')('maintenance')).toBe(false)
    expect(compileGlob('main')('not-main')).toBe(false)
  })
})
