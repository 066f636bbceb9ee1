import { describe, expect, it } from '@jest/globals'
import { formatBytes, formatDuration, parseDuration, parseSize } from '../../src/units.js'

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H

describe('parseDuration', () => {
  it.each([
    ['90s', 90 * S],
    ['45m', 45 * M],
    ['12h', 12 * H],
    ['30d', 30 * D],
    ['2w', 14 * D],
    ['1d12h', 36 * H],
    ['1d 12h', 36 * H],
    ['1h30m15s', H + 30 * M + 15 * S],
    ['30 days', 30 * D],
    ['1 day', D],
    ['2 weeks', 14 * D],
    ['1 week', 7 * D],
    ['1 month', 30 * D],
    ['3 months', 90 * D],
    ['1 year', 365 * D],
    ['2 years', 730 * D],
    ['5 minutes', 5 * M],
    ['1 hour', H],
    ['1.5h', 90 * M],
    ['30 Days', 30 * D],
    ['  12h  ', 12 * H],
    ['P30D', 30 * D],
    ['PT12H', 12 * H],
    ['P1W', 7 * D],
    ['P1M', 30 * D],
    ['PT1M', M],
    ['P1Y', 365 * D],
    ['P1DT12H', 36 * H],
    ['PT1H30M', 90 * M],
    ['PT90S', 90 * S],
    ['p30d', 30 * D]
  ])('%p is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    [''],
    ['   '],
    ['30'],
    ['0'],
    ['-5d'],
    ['-1 day'],
    ['5x'],
    ['5 fortnights'],
    ['d'],
    ['days'],
    ['0d'],
    ['0 days 0 hours'],
    ['1d-2h'],
    ['12h later'],
    ['P'],
    ['PT'],
    ['P1DT'],
    ['P-1D'],
    ['P1H'],
    ['PT1D'],
    ['P0D'],
    ['forever']
  ])('%p is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('parseSize', () => {
  it.each([
    ['500000', 500_000],
    ['0', 0],
    ['1', 1],
    ['12B', 12],
    ['10MB', 10_000_000],
    ['10 MB', 10_000_000],
    ['10mb', 10_000_000],
    ['1kB', 1000],
    ['1KB', 1000],
    ['1KiB', 1024],
    ['1kib', 1024],
    ['2MiB', 2 * 1024 * 1024],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['1.5GB', 1.5e9],
    ['2TB', 2e12],
    ['1TiB', 1024 ** 4],
    [' 3 kB ', 3000]
  ])('%p is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it('tells kB (1000) from KiB (1024)', () => {
    expect(parseSize('100kB')).toBe(100_000)
    expect(parseSize('100KiB')).toBe(102_400)
  })

  it.each([
    [''],
    ['-1'],
    ['1.5'],
    ['10K'],
    ['10M'],
    ['MB'],
    ['10 MBs'],
    ['lots'],
    ['1,000'],
    ['1e6']
  ])('%p is not a size', (text) => {
    expect(parseSize(text)).toBeUndefined()
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [12, '12 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1500, '1.5 kB'],
    [99_900, '99.9 kB'],
    [123_456, '123 kB'],
    [999_499, '999 kB'],
    [1_500_000, '1.5 MB'],
    [1_500_000_000, '1.5 GB'],
    [2e12, '2.0 TB'],
    [5e15, '5000 TB']
  ])('%d bytes is %p', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('rounds up into the next unit instead of showing 1000 of a smaller one', () => {
    expect(formatBytes(999_999)).toBe('1.0 MB')
    expect(formatBytes(999_999_999)).toBe('1.0 GB')
  })

  it('shows no decimal once the rounded value reaches 100', () => {
    expect(formatBytes(99_960)).toBe('100 kB')
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5000, '0s'],
    [400, '0s'],
    [40 * S, '40s'],
    [59.5 * S, '1m'],
    [5 * M, '5m'],
    [5 * M + 2 * S, '5m 2s'],
    [H, '1h'],
    [2 * H + 5 * M, '2h 5m'],
    [2 * H + 5 * M + 30 * S, '2h 5m'],
    [3 * D, '3d'],
    [3 * D + 4 * H, '3d 4h'],
    [400 * D, '400d']
  ])('%d ms is %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
