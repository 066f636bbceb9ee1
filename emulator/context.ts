/** What API route handlers get. */
import type { BlobSigner } from './blobs.js'
import type { BudgetRef, Budgets } from './budgets.js'
import type { Responder } from './http.js'
import type { Store } from './state.js'
import type { Permission, RequestContext, TokenKind, TokenPermissions } from './types.js'

export interface TokenInfo {
  token: string
  permission: Permission
  /** lower-cased full names this token can see; undefined = all */
  repositories?: Set<string>
  installationId: number
  kind?: TokenKind
  permissions?: TokenPermissions
  login: string
  enterprise: boolean
  installationUsers: number
  rateLimit?: number
}

/** Emulator options the routes consult. */
export interface Behaviour {
  runIndexLagMs: number
  runIndexServesStale: boolean
  omitDigest: boolean
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
  budgets: Budgets
  /** the budget a token spends */
  budgetOf(info: TokenInfo): BudgetRef
  linkStyle: 'repositories' | 'repos'
  behaviour: Behaviour
  /** where signed blob URLs point: the blob host when there is one, else the API's base */
  blobBaseUrl: string
}
