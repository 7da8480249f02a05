import { startTransition, useEffect, useRef, useState } from 'react'
import type { Editor, TLRecord } from 'tldraw'
import type * as Y from 'yjs'
import { facilitationMap, readFacilitation } from '../../shared/facilitation/state'
import { votesByShape } from '../../shared/facilitation/votes'
import { extractPlan } from '../../shared/plan/extract'
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
  const votes = doc ? votesByShape(readFacilitation(doc)) : undefined
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
    // Votes live in the facilitation map, beside the records.
    const facilitation = doc ? facilitationMap(doc) : null
    facilitation?.observe(refresh)
    // The title may have changed while the listener was not there.
    refresh()
    return () => {
      stop()
      facilitation?.unobserve(refresh)
      refresh.cancel()
    }
  }, [editor, title, boardId, doc])

  return plan
}
