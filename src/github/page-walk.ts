/**
 * Reading every page of a listing when `total_count` is a claim, not a plan (SPEC "What the API
 * answers"): page 1's count sets a budget of pages (what it implies, plus a few for uploads that
 * land meanwhile); pages are asked for a window at a time, never all at once; the first short
 * page ends the walk; items are kept by id, pages are dropped once read. So a lying count costs
 * nothing, a server whose pages are always full costs the budget, and memory follows what arrived.
 * Pure apart from the injected `fetchPage`.
 */

/** Pages read beyond what page 1's total_count implies (artifacts uploaded during the listing). */
export const EXTRA_PAGES = 2

/** One page as the walk needs it. */
export interface PageOf<T> {
  /** the page's total_count (already checked to be a non-negative safe integer) */
  total: number
  items: T[]
}

export interface WalkOptions {
  /** per_page asked for: a page with fewer items is the last one */
  perPage: number
  /** pages in flight at once (the client's concurrency bound) */
  window: number
  /** absolute ceiling on pages, whatever the count says (e.g. from the `limit` input) */
  maxPages?: number
}

export interface Walk<T> {
  /** every item, first seen first, each id once */
  items: T[]
  /** requests made (re-reads included) */
  requests: number
  /** 'short-page': the listing ended; 'budget': pages were still full when the budget ran out */
  end: 'short-page' | 'budget'
  /** the total_count of page 1 */
  claimed: number
}

/** The last page the walk may ask for, from page 1's total_count. */
export function lastPageAllowed(claimed: number, o: WalkOptions): number {
  const implied = Math.max(1, Math.ceil(claimed / o.perPage))
  return Math.min(implied + EXTRA_PAGES, o.maxPages ?? Number.MAX_SAFE_INTEGER)
}

/**
 * Reads the listing. `first` is page 1 when the caller has it already. A page served with a
 * smaller total than the page before it was served before uploads that shifted the list: it is
 * read again (within the budget), as the listing did before.
 */
export async function walkPages<T>(
  fetchPage: (page: number) => Promise<PageOf<T>>,
  idOf: (item: T) => number,
  o: WalkOptions,
  first?: PageOf<T>
): Promise<Walk<T>> {
  let requests = first ? 0 : 1
  const page1 = first ?? (await fetchPage(1))
  const last = lastPageAllowed(page1.total, o)
  const byId = new Map<number, T>()
  const keep = (p: PageOf<T>): void => {
    for (const item of p.items) if (!byId.has(idOf(item))) byId.set(idOf(item), item)
  }
  const done = (end: Walk<T>['end']): Walk<T> => ({
    items: [...byId.values()],
    requests,
    end,
    claimed: page1.total
  })
  keep(page1)
  let previous = page1
  let page = 1
  if (page1.items.length < o.perPage) return done('short-page')
  const implied = Math.min(Math.ceil(page1.total / o.perPage), last)
  while (page < last) {
    // a window at a time up to what the count implies; one at a time beyond (expected short)
    const end = page < implied ? Math.min(page + Math.max(1, o.window), implied) : page + 1
    const numbers: number[] = []
    for (let p = page + 1; p <= end; p++) numbers.push(p)
    const pages = await Promise.all(numbers.map((p) => fetchPage(p)))
    requests += pages.length
    for (let current of pages) {
      page++
      if (previous.total > current.total) {
        current = await fetchPage(page)
        requests++
      }
      keep(current)
      previous = current
      if (current.items.length < o.perPage) return done('short-page')
    }
  }
  return done('budget')
}
