import type { InputOptions } from '@actions/core'
import type { Core } from '../src/main.js'
import { inputMap } from './inputs.js'

/**
 * A typed recorder for the parts of @actions/core that run() uses. Inputs start as action.yml's
 * defaults (with the runner's expressions evaluated) overlaid with the test's own.
 */
export class CoreRecorder implements Core {
  readonly inputs: Map<string, string>
  readonly outputs = new Map<string, string>()
  readonly failures: string[] = []
  readonly secrets: string[] = []
  readonly infos: string[] = []
  readonly warnings: string[] = []
  readonly debugs: string[] = []
  readonly groups: string[] = []
  readonly summaries: string[] = []
  /** Groups started and not yet ended. */
  openGroups = 0

  constructor(inputs: Record<string, string> = {}) {
    this.inputs = inputMap(inputs)
  }

  // Arrow properties: run() passes getInput around unbound, as it may with @actions/core.
  getInput = (name: string, options?: InputOptions): string => {
    const value = this.inputs.get(name) ?? ''
    if (options?.required && value === '')
      throw new Error(`Input required and not supplied: ${name}`)
    return options?.trimWhitespace === false ? value : value.trim()
  }

  setOutput = (name: string, value: unknown): void => {
    this.outputs.set(name, typeof value === 'string' ? value : JSON.stringify(value))
  }

  setFailed = (message: string | Error): void => {
    this.failures.push(message instanceof Error ? message.message : message)
  }

  setSecret = (secret: string): void => {
    this.secrets.push(secret)
  }

  startGroup = (name: string): void => {
    this.groups.push(name)
    this.openGroups += 1
  }

  endGroup = (): void => {
    this.openGroups -= 1
  }

  info = (message: string): void => {
    this.infos.push(message)
  }

  warning = (message: string | Error): void => {
    this.warnings.push(message instanceof Error ? message.message : message)
  }

  debug = (message: string): void => {
    this.debugs.push(message)
  }

  writeSummary = async (markdown: string): Promise<void> => {
    this.summaries.push(markdown)
  }

  /** Everything the action printed or reported, for checks such as "never the token". */
  allText(): string {
    return [
      ...this.failures,
      ...this.infos,
      ...this.warnings,
      ...this.debugs,
      ...this.groups,
      ...this.summaries,
      ...this.outputs.values()
    ].join('\n')
  }
}
