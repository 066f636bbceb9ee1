/** Response helpers shared by the API routes and the blob store. */
import type { ServerResponse } from 'node:http'
import type { JsonAnswer, RecordedRequest } from './types.js'

export interface Responder {
  res: ServerResponse
  record: RecordedRequest
  /** headers every response of this request carries (rate limit, request id, ...) */
  headers: Record<string, string>
  /** set by a hook: rewrites the JSON answer before it is sent (see RequestContext) */
  transformJson?: (answer: JsonAnswer) => JsonAnswer
}

export const DOCS = {
  root: 'https://docs.github.com/rest',
  listForRepo: 'https://docs.github.com/rest/actions/artifacts#list-artifacts-for-a-repository',
  listForRun: 'https://docs.github.com/rest/actions/artifacts#list-workflow-run-artifacts',
  get: 'https://docs.github.com/rest/actions/artifacts#get-an-artifact',
  delete: 'https://docs.github.com/rest/actions/artifacts#delete-an-artifact',
  download: 'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
  rateLimit: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
} as const

export function writeHead(
  r: Responder,
  status: number,
  headers: Record<string, string> = {}
): void {
  r.record.status = status
  r.res.writeHead(status, { ...r.headers, ...headers })
}

export function sendJson(
  r: Responder,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const answer = r.transformJson
    ? r.transformJson({ status, body, headers })
    : { status, body, headers, raw: undefined }
  const text = answer.raw?.text ?? JSON.stringify(answer.body)
  writeHead(r, answer.status, {
    'content-type': answer.raw?.contentType ?? 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers
  })
  r.res.end(r.res.req.method === 'HEAD' ? undefined : text)
}

export function sendEmpty(
  r: Responder,
  status: number,
  headers: Record<string, string> = {}
): void {
  writeHead(r, status, { 'content-length': '0', ...headers })
  r.res.end()
}

export function sendNoContent(r: Responder, headers: Record<string, string> = {}): void {
  writeHead(r, 204, headers)
  r.res.end()
}

/** A GitHub error body: { message, documentation_url, status }. */
export function sendError(
  r: Responder,
  status: number,
  message: string,
  documentationUrl: string = DOCS.root,
  headers: Record<string, string> = {}
): void {
  sendJson(
    r,
    status,
    { message, documentation_url: documentationUrl, status: String(status) },
    headers
  )
}

export function sendXml(
  r: Responder,
  status: number,
  body: string,
  headers: Record<string, string> = {}
): void {
  writeHead(r, status, {
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
    ...headers
  })
  r.res.end(body)
}
