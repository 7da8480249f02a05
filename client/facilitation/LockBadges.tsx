import { useTranslation } from 'react-i18next'
import { useValue, type Editor, type Signal, type TLShapeId } from 'tldraw'
import type { FacilitationState } from '../../shared/facilitation/state'
import { Icon } from './icons'

/**
 * A "Terkunci" badge above the top-right corner of every locked frame on this page, for everyone (in tldraw's
 * `InFrontOfTheCanvas` slot, following the camera).
 */
export function LockBadges({ editor, $facilitation }: { editor: Editor; $facilitation: Signal<FacilitationState> }) {
  const { t } = useTranslation()
  const badges = useValue(
    'lock badges',
    () => {
      const pageId = editor.getCurrentPageId()
      editor.getCamera()
      const out: Array<{ id: string; x: number; y: number }> = []
      for (const id of $facilitation.get().locks.frames) {
        const shape = editor.getShape(id as TLShapeId)
        if (!shape || editor.getAncestorPageId(shape) !== pageId) continue
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds) continue
        const point = editor.pageToViewport({ x: bounds.maxX, y: bounds.minY })
        out.push({ id, x: point.x, y: point.y })
      }
      return out
    },
    [editor, $facilitation],
  )
  if (badges.length === 0) return null
  return (
    <>
      {badges.map((badge) => (
        <span
          key={badge.id}
          className="lock-badge"
          style={{ left: badge.x, top: badge.y }}
          title={t('facilitation.locks.badgeLabel')}
          data-testid="lock-badge"
        >
          <Icon name="lock" size={12} /> {t('facilitation.locks.badge')}
        </span>
      ))}
    </>
  )
}
