import { describe, expect, it } from '@jest/globals'
import {
  EXTRA_PAGES,
  lastPageAllowed,
  walkPages,
  type PageOf,
  type WalkOptions
} from '../../src/github/page-walk.js'

const O: WalkOptions = { perPage: 10, window: 4 }

/** A server over `count` real items (ids 1..count) that can lie about its count or its pages. */
function server(
  count: number,
  lie: { total?: number; alwaysFull?: boolean } = {}
): { fetchPage: (page: number) => Promise<PageOf<number>>; asked: number[] } {
  const asked: number[] = []
  const fetchPage = (page: number): Promise<PageOf<number>> => {
    asked.push(page)
    const start = (page - 1) * O.perPage
    const items: number[] = []
    for (let i = start; i < start + O.perPage; i++) {
      if (i < count) items.push(i + 1)
      else if (lie.alwaysFull) items.push(1_000_000 + i) // made-up, fresh ids
    }
    return Promise.resolve({ total: lie.total ?? count, items })
  }
  return { fetchPage, asked }
}

const id = (n: number): number => n

describe('lastPageAllowed', () => {
  it('is what the count implies plus a few, never less than one page, under maxPages', () => {
    expect(lastPageAllowed(0, O)).toBe(1 + EXTRA_PAGES)
    expect(lastPageAllowed(25, O)).toBe(3 + EXTRA_PAGES)
    expect(lastPageAllowed(30, O)).toBe(3 + EXTRA_PAGES)
    expect(lastPageAllowed(1e12, { ...O, maxPages: 500 })).toBe(500)
  })
})

describe('walkPages', () => {
  it('reads an honest listing once: every item, one request a page', async () => {
    const s = server(25)
    const walk = await walkPages(s.fetchPage, id, O)
    expect(walk.items).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    expect(s.asked).toEqual([1, 2, 3])
    expect(walk).toMatchObject({ requests: 3, end: 'short-page', claimed: 25 })
  })

  it('an exact multiple ends at the first empty page', async () => {
    const s = server(30)
    const walk = await walkPages(s.fetchPage, id, { ...O, window: 1 })
    expect(walk.items).toHaveLength(30)
    expect(s.asked).toEqual([1, 2, 3, 4])
  })

  it.each([1e12, 1e8])('total_count %d: stops at the first short page', async (total) => {
    const s = server(25, { total })
    const walk = await walkPages(s.fetchPage, id, O)
    expect(walk.items).toHaveLength(25)
    expect(walk.end).toBe('short-page')
    // page 1, then one window: nothing proportional to the claim
    expect(s.asked).toEqual([1, 2, 3, 4, 5])
  })

  it('pages that are always full: stops at the budget the first count allows', async () => {
    const s = server(25, { alwaysFull: true })
    const walk = await walkPages(s.fetchPage, id, O)
    expect(walk.end).toBe('budget')
    expect(Math.max(...s.asked)).toBe(3 + EXTRA_PAGES)
    expect(walk.items).toHaveLength((3 + EXTRA_PAGES) * O.perPage)
  })

  it('always full and a lying count: maxPages is the last word', async () => {
    const s = server(25, { alwaysFull: true, total: 1e12 })
    const walk = await walkPages(s.fetchPage, id, { ...O, maxPages: 7 })
    expect(walk.end).toBe('budget')
    expect(s.asked).toHaveLength(7)
  })

  it('uses the page 1 it is given, and keeps each id once', async () => {
    const s = server(15)
    const walk = await walkPages(s.fetchPage, id, O, {
      total: 15,
      items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    })
    expect(s.asked).toEqual([2])
    expect(walk.requests).toBe(1)
    expect(walk.items).toHaveLength(15)
  })

  it('reads again a page served before uploads shifted the list', async () => {
    // page 2 is first served with a smaller total (before 5 uploads), then again after them
    let served2 = 0
    const fetchPage = (page: number): Promise<PageOf<number>> => {
      if (page === 2 && served2++ === 0)
        return Promise.resolve({ total: 15, items: [6, 7, 8, 9, 10, 11, 12, 13, 14, 15] })
      if (page === 2)
        return Promise.resolve({ total: 20, items: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20] })
      return Promise.resolve({
        total: 20,
        items: page === 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : []
      })
    }
    const walk = await walkPages(fetchPage, id, { ...O, window: 1 })
    expect(served2).toBe(2)
    expect(walk.items).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })
})
