/** GitHub-style page parameters and Link headers. */

export interface Paging {
  perPage: number
  page: number
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined
  const n = Number(value)
  return n >= 1 ? n : undefined
}

/** per_page: default 30, at most 100; page: default 1. Junk values fall back to the defaults. */
export function parsePaging(params: URLSearchParams): Paging {
  const perPage = Math.min(100, positiveInt(params.get('per_page')) ?? 30)
  const page = positiveInt(params.get('page')) ?? 1
  return { perPage, page }
}

export function lastPage(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage))
}

export function pageOf<T>(items: readonly T[], { perPage, page }: Paging): T[] {
  const start = (page - 1) * perPage
  return start >= items.length ? [] : items.slice(start, start + perPage)
}

/**
 * The Link header as GitHub writes it: rel prev, next, last, first (those that apply), each URL the
 * request's own query with page replaced (or appended). undefined when there is a single page.
 */
export function linkHeader(
  baseUrl: string,
  path: string,
  params: URLSearchParams,
  page: number,
  last: number
): string | undefined {
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(params)
    q.set('page', String(p))
    return `<${baseUrl}${path}?${q.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(page - 1, 'prev'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) links.push(link(1, 'first'))
  return links.length > 0 ? links.join(', ') : undefined
}
