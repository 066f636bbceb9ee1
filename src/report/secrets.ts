/**
 * Masking the token. The runner masks each registered secret as one string; a token that holds a
 * line break (`ghs_A\nghs_B`) was then printed in pieces (a header error shows it as
 * `ghs_A%0Aghs_B`) and no piece matched. So the token is registered whole and line by line, and
 * our own messages are scrubbed of every piece before they are printed. Pure.
 */

/** Pieces shorter than this are not registered on their own: masking `a` would hide every `a`. */
export const MIN_SECRET_PART = 4

/**
 * What to register with the runner (`core.setSecret`) for `token`: the token whole, each of its
 * lines (split on CR, LF or CRLF, trimmed), and the forms in which a line-broken token is printed
 * (`%0A`/`%0D`, as workflow commands escape it; `\n`, as JSON and our log escaping show it).
 * Empty for an empty token. No duplicates; longest first.
 */
export function secretParts(token: string): string[] {
  if (token === '') return []
  const parts = new Set<string>([token])
  const trimmed = token.trim()
  if (trimmed.length >= MIN_SECRET_PART) parts.add(trimmed)
  if (/[\r\n]/.test(token)) {
    for (const line of token.split(/\r\n|\r|\n/)) {
      const piece = line.trim()
      if (piece.length >= MIN_SECRET_PART) parts.add(piece)
    }
    parts.add(token.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
    parts.add(token.replace(/\r/g, '\\r').replace(/\n/g, '\\n'))
  }
  return [...parts].sort((a, b) => b.length - a.length)
}

/** Registers every part of `token` (see secretParts) with `setSecret` (core.setSecret). */
export function maskToken(token: string, setSecret: (secret: string) => void): void {
  for (const part of secretParts(token)) setSecret(part)
}

/**
 * `text` with every part of every secret replaced by `***`, longest parts first (so a whole
 * token is never half-replaced by one of its lines). For messages the action builds itself
 * (errors from fetch or Octokit may quote the token), before they reach the log.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const parts = [...new Set(secrets.flatMap(secretParts))].sort((a, b) => b.length - a.length)
  let out = text
  for (const part of parts) out = out.split(part).join('***')
  return out
}
