/**
 * GitHub's own OpenAPI description (from @octokit/openapi) turned into ajv validators. The
 * description is OpenAPI 3.0: `nullable: true` becomes a union with null, `example` and `x-*`
 * keys are dropped, everything else is JSON Schema as ajv knows it (strict mode).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type Schema = { [key: string]: Json }

interface Operation {
  operationId: string
  responses: Record<
    string,
    { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }
  >
}

const require = createRequire(import.meta.url)
let spec: { paths: Record<string, Record<string, Operation>> } | undefined

function load(): NonNullable<typeof spec> {
  spec ??= JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')
  ) as NonNullable<typeof spec>
  return spec
}

export function operation(operationId: string): Operation & { method: string; path: string } {
  for (const [path, item] of Object.entries(load().paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && op.operationId === operationId) {
        return { ...op, method: method.toUpperCase(), path }
      }
    }
  }
  throw new Error(`no operation ${operationId} in the OpenAPI description`)
}

export function responseSchema(operationId: string, status: number): Schema {
  const schema =
    operation(operationId).responses[String(status)]?.content?.['application/json']?.schema
  if (!schema) throw new Error(`${operationId} documents no JSON body for ${status}`)
  return schema
}

/** OpenAPI 3.0 schema object -> JSON Schema (draft-07) */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: Schema = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      // property names are not keywords: keep them all
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)])
      )
      continue
    }
    out[key] = toJsonSchema(value)
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    else return { anyOf: [out, { type: 'null' }] }
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  }
  return out
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ strict: true, allowUnionTypes: true, allErrors: true }))

export function validator(schema: Schema): ValidateFunction {
  return ajv.compile(toJsonSchema(schema) as Schema)
}

/** ajv's errors as one readable line */
export function errorsOf(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors)
}
