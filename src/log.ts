/** The logging the operations need; `@actions/core` satisfies it as is. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** A notice (core.notice): shown in the log and on the run's page; info where absent. */
  notice?(message: string): void
}

/** Clock and sleep, injected so tests never wait for real. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}
