import { describe, expect, it } from '@jest/globals'
import { isPlainFileName, planLayout } from '../../src/download/layout.js'
import { artifact } from '../../__fixtures__/artifacts.js'

describe('isPlainFileName', () => {
  it.each(['dist', 'build-linux x64', 'coverage.lcov', 'ünïcødé', '.hidden', 'a..b'])(
    'accepts %s',
    (name) => {
      expect(isPlainFileName(name)).toBe(true)
    }
  )
  it.each([
    '',
    '.',
    '..',
    'a/b',
    '../x',
    'a\\b',
    '..\\x',
    'C:',
    'C:x',
    'a\0b',
    'line\nbreak',
    'a*b',
    'a?b',
    'a|b',
    'x'.repeat(256)
  ])('refuses %j', (name) => {
    expect(isPlainFileName(name)).toBe(false)
  })
})

describe('planLayout', () => {
  const root = '/dl'
  const dist = artifact(1, { name: 'dist' })
  const docs = artifact(2, { name: 'docs' })
  const dist2 = artifact(3, { name: 'dist' })
  const plan = (list = [dist, docs], o = {}): Record<number, { dir: string; base: string }> =>
    Object.fromEntries(
      planLayout(list, root, { mergeMultiple: false, singleExactName: false, ...o })
    )

  it('one directory per artifact name', () => {
    expect(plan()).toEqual({
      1: { dir: '/dl/dist', base: 'dist' },
      2: { dir: '/dl/docs', base: 'docs' }
    })
  })
  it('merge-multiple: every artifact into the root', () => {
    expect(plan(undefined, { mergeMultiple: true })).toEqual({
      1: { dir: '/dl', base: 'dist' },
      2: { dir: '/dl', base: 'docs' }
    })
  })
  it('one exact name and one artifact: the root itself', () => {
    expect(plan([dist], { singleExactName: true })).toEqual({ 1: { dir: '/dl', base: 'dist' } })
  })
  it('several artifacts of one name: <name>-<id>', () => {
    expect(plan([dist, dist2, docs], { singleExactName: true })).toEqual({
      1: { dir: '/dl/dist-1', base: 'dist-1' },
      3: { dir: '/dl/dist-3', base: 'dist-3' },
      2: { dir: '/dl/docs', base: 'docs' }
    })
  })
})
