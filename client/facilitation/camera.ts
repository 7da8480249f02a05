import { useEffect, useRef } from 'react'
import { createUserId, react, type Editor, type TLShapeId } from 'tldraw'
import type { PhaseState, SummonState } from '../../shared/facilitation/state'
import { phaseMove } from './logic'

/** Moves the view to a frame (switching page if it is on another), animated. Answers whether the frame exists. */
export function moveToFrame(editor: Editor, frameId: string, animate = true): boolean {
  const shape = editor.getShape(frameId as TLShapeId)
  if (!shape) return false
  const pageId = editor.getAncestorPageId(shape)
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  const bounds = editor.getShapePageBounds(shape)
  if (!bounds) return false
  editor.zoomToBounds(bounds, { inset: 32, ...(animate ? { animation: { duration: 500 } } : {}) })
  return true
}

/**
 * When a facilitator starts a phase (and once when this page opens while one runs), moves the view to its frame —
 * unless this person follows someone (they move with them). Not on every render: once per run of a phase.
 */
export function usePhaseCamera(editor: Editor | null, phase: PhaseState | null): void {
  const seen = useRef<string | null | undefined>(undefined)
  useEffect(() => {
    if (!editor) return
    const move = phaseMove(seen.current, phase, editor.getInstanceState().followingUserId !== null)
    seen.current = move.seen
    if (move.frameId) moveToFrame(editor, move.frameId)
  }, [editor, phase])
}

/**
 * "Ikuti saya": while someone else summons everyone, this editor follows them (as soon as their presence is here);
 * when they release, it stops following them. A person may stop following for themself (the banner, or by moving
 * the view); the same summons does not pull them back.
 */
export function useSummonFollow(editor: Editor | null, summon: SummonState | null, selfUserId: string): void {
  const handled = useRef<string | null>(null)
  const leaderRef = useRef<string | null>(null)
  const key = summon ? `${summon.userId}@${summon.since}` : null
  const leaderUserId = summon && summon.userId !== selfUserId ? summon.userId : null
  useEffect(() => {
    if (!editor) return
    const previousLeader = leaderRef.current
    if (key !== handled.current && previousLeader && editor.getInstanceState().followingUserId === createUserId(previousLeader)) {
      // Released, or someone else summons now.
      editor.stopFollowingUser()
    }
    leaderRef.current = null
    if (!leaderUserId || key === handled.current) {
      handled.current = key
      return
    }
    const leader = createUserId(leaderUserId)
    let done = false
    const stop = react('follow the summoner', () => {
      if (done) return
      if (!editor.getCollaborators().some((c) => c.userId === leader)) return
      done = true
      handled.current = key
      leaderRef.current = leaderUserId
      queueMicrotask(() => editor.startFollowingUser(leader))
    })
    return stop
  }, [editor, key, leaderUserId])
}
