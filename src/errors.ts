/** An input the user gave that cannot be used; the message names the input and what is allowed. */
export class InputError extends Error {
  constructor(input: string, value: string, allowed: string) {
    super(`Input '${input}' has an invalid value '${value}': expected ${allowed}.`)
    this.name = 'InputError'
  }
}

/** A failure that stops the action, with a message that says what to change. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ActionError'
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
