/** A tiny router: method + path template ('/repos/{owner}/{repo}/...') to handler. */

export type Params = Record<string, string>
export type Handler<C> = (ctx: C, params: Params) => void | Promise<void>

export interface RouteOptions {
  /** counts against the primary rate limit (default true) */
  counted?: boolean
  /** answers requests without a token too (default false: 401) */
  anonymous?: boolean
}

export interface RouteMatch<C> {
  handler: Handler<C>
  params: Params
  options: RouteOptions
}

interface Route<C> {
  method: string
  pattern: RegExp
  keys: string[]
  handler: Handler<C>
  options: RouteOptions
}

export class Router<C> {
  private readonly routes: Route<C>[] = []

  add(method: string, template: string, handler: Handler<C>, options: RouteOptions = {}): this {
    const keys: string[] = []
    const source = template
      .split('/')
      .map((segment) => {
        const m = /^\{(\w+)\}$/.exec(segment)
        if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        keys.push(m[1])
        return '([^/]+)'
      })
      .join('/')
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler, options })
    return this
  }

  match(method: string, path: string): RouteMatch<C> | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue
      const m = route.pattern.exec(path)
      if (!m) continue
      const params: Params = {}
      try {
        route.keys.forEach((key, i) => {
          params[key] = decodeURIComponent(m[i + 1])
        })
      } catch {
        return undefined // malformed percent-encoding: no such resource
      }
      return { handler: route.handler, params, options: route.options }
    }
    return undefined
  }
}
