import { Minimatch } from 'minimatch'

const GLOB_OPTIONS = { dot: true, nonegate: true, nocomment: true, noext: true } as const

/**
 * Splits a list input: one item per line or comma-separated. Commas inside `{…}` or `[…]` belong
 * to the glob, so `{a,b}` stays one pattern.
 */
export function splitList(text: string): string[] {
  const items: string[] = []
  let current = ''
  let depth = 0
  for (const char of text) {
    if (char === '{' || char === '[') depth += 1
    if ((char === '}' || char === ']') && depth > 0) depth -= 1
    if (char === '\n' || char === '\r' || (char === ',' && depth === 0)) {
      items.push(current)
      current = ''
    } else {
      current += char
    }
  }
  items.push(current)
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

/** Whether a pattern has any glob syntax (so it cannot be sent as the API's exact `name` filter). */
export function hasGlobSyntax(pattern: string): boolean {
  return /[*?[\]{}!]/.test(pattern)
}

/** A compiled glob; anchored and case-sensitive. */
export function compileGlob(pattern: string): (value: string) => boolean {
  const matcher = new Minimatch(pattern, GLOB_OPTIONS)
  return (value) => matcher.match(value)
}

/**
 * Compiles name patterns: a name matches when it matches any include (or there are only
 * excludes) and no `!` exclude.
 */
export function compileNamePatterns(patterns: string[]): (name: string) => boolean {
  const includes = patterns.filter((p) => !p.startsWith('!')).map(compileGlob)
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => compileGlob(p.slice(1)))
  return (name) =>
    (includes.length === 0 || includes.some((match) => match(name))) &&
    !excludes.some((match) => match(name))
}
