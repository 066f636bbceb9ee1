import { escapeLogText, redactCredentials } from './report/escape.js'
import { redactSecrets } from './report/secrets.js'

/**
 * What the action prints, made safe once: every message goes through `safeLine` (control
 * characters shown escaped, so no line can start a workflow command or carry an ANSI sequence; a
 * URL's user:password hidden; every part of every secret replaced by `***`). Names from the API
 * are escaped where they are put into a line too; escaping is idempotent, so twice is harmless.
 */
export interface SafeLog {
  /** The secrets scrubbed from every message (the token, once it is read). */
  readonly secrets: string[]
  /** `message` fit to print. */
  line(message: string): string
}

export function createSafeLog(): SafeLog {
  const secrets: string[] = []
  return {
    secrets,
    line: (message) => redactSecrets(redactCredentials(escapeLogText(message)), secrets)
  }
}

/** The printing parts of `io` wrapped with `safe.line`; everything else of `io` as it is. */
export function withSafeLog<
  T extends {
    info(m: string): void
    warning(m: string): void
    debug(m: string): void
    setFailed(m: string): void
    startGroup(name: string): void
  }
>(io: T, safe: SafeLog): T {
  return {
    ...io,
    info: (m: string) => io.info(safe.line(m)),
    warning: (m: string) => io.warning(safe.line(m)),
    debug: (m: string) => io.debug(safe.line(m)),
    setFailed: (m: string) => io.setFailed(safe.line(m)),
    startGroup: (name: string) => io.startGroup(safe.line(name))
  }
}
