import { useId, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { computed, useValue, type Editor, type TLShapePartial } from 'tldraw'
import { isCard, type CardShape } from '../../shared/forum/cards'
import { ActionForm } from './ActionForm'
import { IndicatorForm } from './IndicatorForm'
import { StakeholderForm } from './StakeholderForm'
import { StatementForm } from './StatementForm'
import { panelEventGuards } from '../ui/panelEvents'

/**
 * The form of the selected card, docked beside the board (a bottom sheet on a phone): every field of a stakeholder,
 * action, indicator or statement card, in words people can read.
 *
 * Renders nothing unless exactly one shape is selected and it is a card. Selects and checkboxes write as soon as
 * they change; text fields write on blur or Enter (Ctrl/⌘+Enter in a multi-line field), since every write is a
 * network update. Each write is one undo step. Escape in a changed text field puts back what the card holds;
 * Escape elsewhere in the panel, or the close button, deselects the card.
 *
 * Mount it inside the board container (`<div className="board">`), beside `<Tldraw>`, once the editor exists.
 */
export function CardPanel({ editor, readOnly }: { editor: Editor; readOnly: boolean }) {
  const $card = useMemo(
    () =>
      computed<CardShape | null>(
        'card panel: selected card',
        () => {
          const shape = editor.getOnlySelectedShape()
          return shape && isCard(shape) ? shape : null
        },
        // Moving a card changes its record but not its props: no need to render the form again for that.
        { isEqual: (a: CardShape | null, b: CardShape | null) => a === b || (!!a && !!b && a.id === b.id && a.props === b.props && a.isLocked === b.isLocked) },
      ),
    [editor],
  )
  const card = useValue($card)
  const editorReadonly = useValue('card panel: editor readonly', () => editor.getIsReadonly(), [editor])
  if (!card) return null
  // A new card gets a new form: nothing typed for one card may end up on another.
  return <CardPanelBody key={card.id} editor={editor} card={card} readOnly={readOnly || editorReadonly || card.isLocked} />
}

// ——— The panel ———

function CardPanelBody({ editor, card, readOnly }: { editor: Editor; card: CardShape; readOnly: boolean }) {
  const { t } = useTranslation()
  const prefix = useId()
  const titleId = `${prefix}-title`
  const fid = (name: string) => `${prefix}-${name}`

  const close = () => {
    editor.selectNone()
    editor.focus()
  }

  // Keep tldraw's shortcuts out of the panel: they listen on document.body and skip editable text fields and
  // selects, but not read-only fields (a viewer's) or checkboxes; its clipboard handlers listen on the document.

  const common = { editor, readOnly, fid }
  let form: ReactNode
  switch (card.type) {
    case 'stakeholder':
      form = <StakeholderForm {...common} shape={card} update={cardUpdater(editor, card, readOnly)} />
      break
    case 'action':
      form = <ActionForm {...common} shape={card} update={cardUpdater(editor, card, readOnly)} />
      break
    case 'indicator':
      form = <IndicatorForm {...common} shape={card} update={cardUpdater(editor, card, readOnly)} />
      break
    case 'statement':
      form = <StatementForm {...common} shape={card} update={cardUpdater(editor, card, readOnly)} />
      break
  }

  return (
    <aside
      className="card-panel"
      aria-labelledby={titleId}
      data-testid="card-panel"
      data-card-type={card.type}
      {...panelEventGuards(close)}
    >
      <header className="card-panel-header">
        <h2 id={titleId}>{t(`cards.panel.types.${card.type}`)}</h2>
        <button type="button" className="icon-button" onClick={close} aria-label={t('cards.panel.close')} title={t('cards.panel.close')}>
          ×
        </button>
      </header>
      {readOnly && <p className="card-panel-note">{t(card.isLocked ? 'cards.panel.locked' : 'cards.panel.readOnly')}</p>}
      <div className="card-panel-form">{form}</div>
    </aside>
  )
}

/** The write function of a card's form: one undo step per call; nothing when read-only or when the card is gone. */
function cardUpdater<S extends CardShape>(editor: Editor, shape: S, readOnly: boolean): (props: Partial<S['props']>) => void {
  const { id, type } = shape
  return (props) => {
    if (readOnly || editor.getIsReadonly()) return
    if (!editor.getShape(id)) return
    editor.run(() => {
      editor.markHistoryStoppingPoint('card panel')
      editor.updateShape({ id, type, props } as TLShapePartial<S>)
    })
  }
}
