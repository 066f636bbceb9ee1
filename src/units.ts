const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const DURATION_UNITS: Record<string, number> = {
  s: SECOND,
  sec: SECOND,
  secs: SECOND,
  second: SECOND,
  seconds: SECOND,
  m: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: 7 * DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
  mo: 30 * DAY,
  month: 30 * DAY,
  months: 30 * DAY,
  y: 365 * DAY,
  year: 365 * DAY,
  years: 365 * DAY
}

/** What a duration input accepts, for error messages. */
export const DURATION_HELP =
  "a duration such as '90s', '45m', '12h', '30d', '2w', '1d12h', '30 days', '1 month', 'P30D' or 'PT12H'"

const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/**
 * Parses a duration into milliseconds, or returns undefined when the text is not one.
 * A bare number, a negative, zero parts only or an unknown unit is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim()
  if (value === '') return undefined
  if (/^P/i.test(value)) return parseIsoDuration(value.toUpperCase())
  const part = /(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*,?\s*/y
  let total = 0
  let index = 0
  while (index < value.length) {
    part.lastIndex = index
    const match = part.exec(value)
    if (!match) return undefined
    const unit = DURATION_UNITS[match[2].toLowerCase()]
    if (unit === undefined) return undefined
    total += Number(match[1]) * unit
    index = part.lastIndex
  }
  return total > 0 ? Math.round(total) : undefined
}

function parseIsoDuration(value: string): number | undefined {
  const match = ISO_DURATION.exec(value)
  if (!match || value === 'P' || value.endsWith('T')) return undefined
  const units = [365 * DAY, 30 * DAY, 7 * DAY, DAY, HOUR, MINUTE, SECOND]
  const total = units.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * unit, 0)
  return total > 0 ? Math.round(total) : undefined
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4
}

/** What a size input accepts, for error messages. */
export const SIZE_HELP =
  "a size such as '500000', '10MB' or '1.5GiB' (kB/MB/GB = 1000, KiB/MiB/GiB = 1024)"

/** Parses a size into bytes, or returns undefined when the text is not one. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim())
  if (!match) return undefined
  const unit = SIZE_UNITS[match[2].toLowerCase()]
  if (unit === undefined) return undefined
  if (match[2] === '' && match[1].includes('.')) return undefined
  return Math.round(Number(match[1]) * unit)
}

/** Formats bytes for people: 1.5 MB, 820 kB, 12 B (decimal units, as GitHub's billing shows them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  // Compare the rounded value: 999,999 bytes is '1.0 MB', not '1000 kB'.
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value >= 99.95 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`
}

/** Formats a duration for people: 3d 4h, 5m 2s, 40s. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  const d = Math.floor(seconds / 86400)
  const h = Math.floor((seconds % 86400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`
  return `${s}s`
}

/** A rate for people: whole bytes below 1 kB (never a fraction of a byte); junk counts as 0. */
export function formatRate(bytesPerSecond: number): string {
  const rate = Number.isFinite(bytesPerSecond) ? Math.max(0, bytesPerSecond) : 0
  return `${formatBytes(Math.round(rate))}/s`
}
