import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useValue, type Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { mayReact, nextReactions, REACTION_FIELD, REACTION_SHOW_MS, REACTIONS, type ShownReaction } from './logic'
import { Icon } from './icons'

const NAMES: Record<(typeof REACTIONS)[number], 'thumbs' | 'heart' | 'clap' | 'laugh' | 'think' | 'party'> = {
  '👍': 'thumbs',
  '❤️': 'heart',
  '👏': 'clap',
  '😂': 'laugh',
  '🤔': 'think',
  '🎉': 'party',
}

/** Where a reaction appears: at the mouse pointer when it is over the board, else in the middle of the view (page coordinates). */
function reactionPoint(editor: Editor): { x: number; y: number } {
  const viewport = editor.getViewportPageBounds()
  const pointer = editor.inputs.getCurrentPagePoint()
  const coarse = typeof matchMedia !== 'undefined' && matchMedia('(pointer: coarse)').matches
  if (!coarse && viewport.containsPoint(pointer)) return { x: pointer.x, y: pointer.y }
  return { x: viewport.center.x, y: viewport.center.y }
}

/** The emoji buttons anyone can press: the reaction floats for everyone at this person's pointer for a few seconds. */
export function ReactionBar({ editor, awareness }: { editor: Editor; awareness: Awareness }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const last = useRef(0)
  const send = (emoji: string) => {
    const now = Date.now()
    if (!mayReact(last.current, now)) return
    last.current = now
    awareness.setLocalStateField(REACTION_FIELD, { emoji, at: now, ...reactionPoint(editor) })
  }
  return (
    <div
      className="reaction-bar"
      role="group"
      aria-label={t('facilitation.reactions.bar')}
      data-open={open}
      data-testid="reaction-bar"
      onKeyDown={(event) => event.stopPropagation()}
      onPointerDown={(event) => event.stopPropagation()}
    >
      <button
        type="button"
        className="reaction-toggle"
        aria-expanded={open}
        aria-label={t('facilitation.reactions.bar')}
        title={t('facilitation.reactions.bar')}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name={open ? 'close' : 'smile'} size={20} />
      </button>
      {open &&
        REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            className="reaction-button"
            aria-label={t('facilitation.reactions.send', { name: t(`facilitation.reactions.names.${NAMES[emoji]}`) })}
            title={t(`facilitation.reactions.names.${NAMES[emoji]}`)}
            data-testid={`react-${NAMES[emoji]}`}
            onClick={() => send(emoji)}
          >
            <span aria-hidden="true">{emoji}</span>
          </button>
        ))}
    </div>
  )
}

/**
 * Everyone's reactions (this person's too), floating up from where they were sent for a few seconds. Rendered in
 * tldraw's `InFrontOfTheCanvas` slot, so page points map to the canvas with `pageToViewport`.
 */
export function ReactionLayer({ editor, awareness, large = false }: { editor: Editor; awareness: Awareness; large?: boolean }) {
  const [shown, setShown] = useState<ShownReaction[]>([])
  useEffect(() => {
    const seen = new Set<string>()
    let current: ShownReaction[] = nextReactions([], awareness.getStates() as Map<number, Record<string, unknown>>, seen, Date.now(), true)
    const update = () => {
      const next = nextReactions(current, awareness.getStates() as Map<number, Record<string, unknown>>, seen, Date.now())
      if (next.length === current.length && next.every((r, i) => r === current[i])) return
      current = next
      setShown(next)
    }
    awareness.on('change', update)
    // Expired reactions leave even when nothing else changes.
    const interval = setInterval(update, 500)
    return () => {
      awareness.off('change', update)
      clearInterval(interval)
    }
  }, [awareness])
  // Re-render with the camera, so a reaction stays on its spot of the board.
  const camera = useValue('camera', () => editor.getCamera(), [editor])
  void camera
  if (shown.length === 0) return null
  return (
    <div className={`reaction-layer${large ? ' large' : ''}`} aria-hidden="true" data-testid="reaction-layer">
      {shown.map((reaction) => {
        const point = editor.pageToViewport({ x: reaction.x, y: reaction.y })
        return (
          <span key={reaction.key} className="floating-reaction" style={{ left: point.x, top: point.y, animationDuration: `${REACTION_SHOW_MS}ms` }}>
            {reaction.emoji}
          </span>
        )
      })}
    </div>
  )
}
