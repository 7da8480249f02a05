import { startTransition, useEffect, useRef, useState } from 'react'
import { react, type Editor, type TLRecord } from 'tldraw'
import type * as Y from 'yjs'
import { votesByShape } from '../../shared/facilitation/votes'
import { extractPlan } from '../../shared/plan/extract'
import { facilitationSignal } from '../facilitation/useFacilitation'
import type { Plan } from '../../shared/plan/model'
import { keepUnchanged } from './stablePlan'
import { throttle } from './throttle'

export interface PlanMeta {
  title: string
  boardId: string | null
}

/** How often, at most, the plan is read off the board again while people edit it. */
export const PLAN_REFRESH_MS = 300

/** The board's document records (pages, shapes, bindings, assets): what a plan is made of; no cameras or presence. */
export function documentRecords(editor: Editor): TLRecord[] {
  const documentTypes = editor.store.scopedTypes.document
  return editor.store.allRecords().filter((record) => documentTypes.has(record.typeName))
}

/** The plan of the board as it is now, with the votes of the facilitated votes when there is a doc. */
function readPlan(editor: Editor, title: string, boardId: string | null, doc: Y.Doc | undefined): Plan {
  const votes = doc ? votesByShape(facilitationSignal(doc).get()) : undefined
  return extractPlan(documentRecords(editor), { title, boardId, ...(votes ? { votes } : {}) })
}

/**
 * The board's plan, live: read with the same `extractPlan` the server exports with, again at most every
 * `PLAN_REFRESH_MS` after a document change or a revealed vote (a trailing run catches the last edit), in a
 * transition so typing on the board stays smooth. Parts that did not change keep their identity (see
 * `keepUnchanged`). Costs nothing unless mounted: mount it with the panel.
 */
export function usePlan(editor: Editor, meta: PlanMeta, doc?: Y.Doc): Plan {
  const { title, boardId } = meta
  const [plan, setPlan] = useState(() => readPlan(editor, title, boardId, doc))
  const latest = useRef(plan)

  useEffect(() => {
    const refresh = throttle(() => {
      const next = keepUnchanged(latest.current, readPlan(editor, title, boardId, doc))
      if (next === latest.current) return
      latest.current = next
      startTransition(() => setPlan(next))
    }, PLAN_REFRESH_MS)
    // Camera moves, selection and presence are not document records: they never wake this.
    const stop = editor.store.listen(refresh, { scope: 'document' })
    // Votes live in the facilitation state, beside the records (this also runs once now: the title may have
    // changed while the listener was not there).
    const stopVotes = react('plan votes', () => {
      if (doc) facilitationSignal(doc).get()
      refresh()
    })
    return () => {
      stop()
      stopVotes()
      refresh.cancel()
    }
  }, [editor, title, boardId, doc])

  return plan
}
