/** What API route handlers get. */
import type { BlobSigner } from './blobs.js'
import type { Responder } from './http.js'
import type { RateLimiter } from './ratelimit.js'
import type { Store } from './state.js'
import type { Permission, RequestContext } from './types.js'

export interface TokenInfo {
  token: string
  permission: Permission
  /** lower-cased full names this token can see; undefined = all */
  repositories?: Set<string>
  installationId: number
}

export interface ApiContext extends RequestContext, Responder {
  url: URL
  baseUrl: string
  /** emulator clock when the request arrived */
  now: number
  store: Store
  /** the authenticated token; null only on routes that allow anonymous access */
  auth: TokenInfo | null
  signer: BlobSigner
  limiter: RateLimiter
  linkStyle: 'repositories' | 'repos'
}
