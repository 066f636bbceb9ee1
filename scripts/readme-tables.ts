/**
 * Prints the README's inputs and outputs tables from action.yml
 * (`node --import ./scripts/register-ts.mjs scripts/readme-tables.ts`). A test keeps them equal.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { readActionYaml } from './run-action.js'

/** The inputs table, as the README holds it. */
export function inputsTable(): string {
  const { inputs } = readActionYaml()
  const rows = Object.entries(inputs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default ? `\`${spec.default}\`` : '(empty)'} | ${(spec as { description?: string }).description ?? ''} |`
  )
  return ['| input | default | description |', '|---|---|---|', ...rows].join('\n')
}

/** The outputs table, as the README holds it. */
export function outputsTable(): string {
  const { outputs } = readActionYaml()
  const rows = Object.entries(outputs).map(
    ([name, spec]) => `| \`${name}\` | ${spec.description} |`
  )
  return ['| output | description |', '|---|---|', ...rows].join('\n')
}

/** Replaces the text between `<!-- name -->` and `<!-- /name -->` markers. */
export function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker} -->`
  const end = `<!-- /${marker} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} block`)
  return text.slice(0, from + start.length) + '\n' + body + '\n' + text.slice(to)
}

if (process.argv[1]?.endsWith('readme-tables.ts')) {
  const file = new URL('../README.md', import.meta.url)
  const readme = readFileSync(file, 'utf8')
  const updated = replaceBetween(
    replaceBetween(readme, 'inputs', inputsTable()),
    'outputs',
    outputsTable()
  )
  writeFileSync(file, updated)
  console.log('README.md tables updated from action.yml')
}
