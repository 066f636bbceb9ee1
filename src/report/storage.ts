import { formatBytes } from '../units.js'
import { escapeMarkdown, mermaidLabels } from './escape.js'
import { formatCount, plural } from './words.js'

/** Rows of a storage table (by name, branch or workflow) before "(N other …)". */
export const TOP_ROWS = 10

/**
 * A slice smaller than this share of the pie is folded into the rest: Mermaid draws no slice under
 * 1 % but still draws its legend swatch, so a reader would look for a slice that is not there.
 */
export const PIE_MIN_SHARE = 0.01

/**
 * Slice colours, biggest slice first (Mermaid's theme variables pie1…pie12). Mermaid's default
 * theme starts with two near-white colours (#ECECFF, #ffffde); these are mid-tones (Tableau 10 and
 * two more) that read on a light and a dark page, with black or white percentages.
 */
export const PIE_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#76b7b2',
  '#b07aa1',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#d37295',
  '#499894'
] as const

/** The colour of the slice that holds the rest. */
export const PIE_REST_COLOUR = '#8f8f8f'

/** One group of a storage table. */
export interface Share {
  /** The group's key as data (a name, a branch): shown only through escape.ts. */
  key: string
  count: number
  bytes: number
}

/** The biggest groups, and what the rest add up to. */
export interface Breakdown {
  top: Share[]
  /** Groups after the top ones, folded into one row. */
  rest?: { groups: number; count: number; bytes: number }
  count: number
  bytes: number
}

/** Groups items by key: the `top` biggest by bytes (then by key), the rest folded. */
export function breakdown<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  bytesOf: (item: T) => number,
  top = TOP_ROWS
): Breakdown {
  const groups = new Map<string, Share>()
  for (const item of items) {
    const key = keyOf(item)
    const share = groups.get(key) ?? { key, count: 0, bytes: 0 }
    share.count += 1
    share.bytes += bytesOf(item)
    groups.set(key, share)
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.bytes - a.bytes || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  )
  const shown = sorted.slice(0, top)
  const others = sorted.slice(top)
  const sum = (list: Share[], pick: (s: Share) => number): number =>
    list.reduce((total, s) => total + pick(s), 0)
  return {
    top: shown,
    ...(others.length > 0
      ? {
          rest: {
            groups: others.length,
            count: sum(others, (s) => s.count),
            bytes: sum(others, (s) => s.bytes)
          }
        }
      : {}),
    count: sum(sorted, (s) => s.count),
    bytes: sum(sorted, (s) => s.bytes)
  }
}

/** A share of a total as people read it: '41 %', '< 1 %'. */
export function formatShare(bytes: number, total: number): string {
  if (total <= 0) return ''
  const percent = (bytes / total) * 100
  if (percent > 0 && percent < 0.5) return '< 1 %'
  return `${percent.toFixed(0)} %`
}

/**
 * A storage table: one row per group (its key shown through `show`, which must escape it), the
 * rest as "(N other names)", with artifacts, size and share of the bytes.
 */
export function renderShareTable(
  heading: string,
  data: Breakdown,
  show: (key: string) => string,
  others: Noun
): string[] {
  if (data.top.length === 0) return []
  const lines = [`| ${heading} | artifacts | size | share |`, '|---|---:|---:|---:|']
  for (const s of data.top)
    lines.push(
      `| ${show(s.key)} | ${formatCount(s.count)} | ${formatBytes(s.bytes)} | ${formatShare(s.bytes, data.bytes)} |`
    )
  if (data.rest)
    lines.push(
      `| (${otherGroups(data.rest.groups, others)}) | ${formatCount(data.rest.count)} | ${formatBytes(data.rest.bytes)} | ${formatShare(data.rest.bytes, data.bytes)} |`
    )
  return lines
}

/** A noun, singular and plural: ['branch', 'branches']. */
export type Noun = readonly [string, string]

/** '16 other names', '1 other branch'. */
function otherGroups(n: number, [one, many]: Noun): string {
  return plural(n, `other ${one}`, `other ${many}`)
}

/** A Markdown-safe table cell for a key that is data. */
export function dataCell(key: string): string {
  return escapeMarkdown(key)
}

interface Slice {
  label: string
  bytes: number
  rest: boolean
}

/**
 * The Mermaid pie of a breakdown, as the lines of a fenced block. Each label is unique (an artifact
 * named `other` keeps its own slice; the rest is "(N other names)") and carries its size as people
 * read it ("dist · 44.0 GB"), so the legend never shows raw byte counts; slices under
 * PIE_MIN_SHARE are folded into the rest, and a rest that is itself under it is left out of the
 * chart (said under it); colours come from PIE_COLOURS through an init directive. Empty when
 * there is nothing to draw.
 */
export function renderPie(title: string, data: Breakdown, others: Noun): string[] {
  if (data.bytes <= 0) return []
  const big = data.top.filter((s) => s.bytes / data.bytes >= PIE_MIN_SHARE)
  const folded = data.top.length - big.length + (data.rest?.groups ?? 0)
  const restBytes = data.bytes - big.reduce((sum, s) => sum + s.bytes, 0)
  const keepRest = folded > 0 && restBytes / data.bytes >= PIE_MIN_SHARE
  const restName = `(${otherGroups(folded, others)})`
  const labels = mermaidLabels([...big.map((s) => s.key), restName])
  const slices: Slice[] = big.map((s, i) => ({ label: labels[i], bytes: s.bytes, rest: false }))
  if (keepRest) slices.push({ label: labels[big.length], bytes: restBytes, rest: true })
  if (slices.length === 0) return []
  // Biggest first, the rest included: Mermaid versions that sort slices and those that keep their
  // order then agree, and pie1 is always the biggest slice's colour.
  slices.sort((a, b) => b.bytes - a.bytes)
  let named = 0
  const colours = slices.map((s) =>
    s.rest ? PIE_REST_COLOUR : PIE_COLOURS[named++ % PIE_COLOURS.length]
  )
  const variables = colours.map((c, i) => `"pie${i + 1}": "${c}"`).join(', ')
  const lines = [
    '```mermaid',
    `%%{init: {"themeVariables": {${variables}}}}%%`,
    'pie',
    `  title ${title}`,
    ...slices.map((s) => `  ${s.label.slice(0, -1)} · ${formatBytes(s.bytes)}" : ${s.bytes}`),
    '```'
  ]
  if (folded > 0 && !keepRest)
    lines.push(
      '',
      `The chart leaves out ${plural(folded, others[0], others[1])} that together hold under 1 % of the bytes (${formatBytes(restBytes)}).`
    )
  return lines
}
