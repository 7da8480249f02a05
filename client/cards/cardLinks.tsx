/**
 * Links between cards in the card panel: the cards one may pick (owners, supporters, linked actions), and the
 * checkbox list that links them.
 */

import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { computed, useValue, type Editor, type TLShapeId } from 'tldraw'
import { MAX_LINKS } from '../../shared/forum/cards'
import { oneLine, toggleLink } from './cardForm'

interface CardOption {
  id: TLShapeId
  /** The card's name or goal on one line; '' when it has none. */
  label: string
}

function sameOptions(a: readonly CardOption[], b: readonly CardOption[]): boolean {
  return a.length === b.length && a.every((option, i) => option.id === b[i]!.id && option.label === b[i]!.label)
}

/** The stakeholder or action cards on the current page, by name or goal: changes only when that list does. */
export function useCardOptions(editor: Editor, type: 'stakeholder' | 'action'): CardOption[] {
  const $options = useMemo(
    () =>
      computed<CardOption[]>(
        `card panel: ${type} cards`,
        () =>
          editor
            .getCurrentPageShapes()
            .filter((shape) => shape.type === type)
            .map((shape) => ({ id: shape.id, label: optionLabel(shape) })),
        { isEqual: sameOptions },
      ),
    [editor, type],
  )
  return useValue($options)
}

function optionLabel(shape: { type: string; props: object }): string {
  const props = shape.props as Partial<Record<'name' | 'organisation' | 'goal', string>>
  if (shape.type === 'stakeholder') {
    const name = oneLine(props.name ?? '')
    const organisation = oneLine(props.organisation ?? '', 40)
    return name && organisation && organisation !== name ? `${name} (${organisation})` : name || organisation
  }
  return oneLine(props.goal ?? '')
}

/** Labels of linked cards that are not in the page's list: on another page (`label`), or gone (`label: null`). */
export function useLinkedLabels(editor: Editor, ids: readonly TLShapeId[]): Array<{ id: TLShapeId; label: string | null }> {
  const key = ids.join(' ')
  return useValue(
    'card panel: linked cards elsewhere',
    () =>
      ids.map((id) => {
        const shape = editor.getShape(id)
        return { id, label: shape ? optionLabel(shape) || null : null }
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editor, key],
  )
}

export function LinkList({
  editor,
  id,
  legend,
  empty,
  untitled,
  options,
  ids,
  readOnly,
  onChange,
}: {
  editor: Editor
  id: string
  legend: string
  empty: string
  untitled: string
  options: CardOption[]
  ids: TLShapeId[]
  readOnly: boolean
  onChange(ids: TLShapeId[]): void
}) {
  const { t } = useTranslation()
  const elsewhere = useLinkedLabels(
    editor,
    ids.filter((linked) => !options.some((option) => option.id === linked)),
  )
  const full = ids.length >= MAX_LINKS
  const rows = [...options.map((option) => ({ id: option.id, label: option.label || untitled })), ...elsewhere.map((other) => ({ id: other.id, label: other.label ?? t('cards.panel.missingCard') }))]
  return (
    <fieldset className="card-panel-links" aria-describedby={full ? `${id}-full` : undefined}>
      <legend>{legend}</legend>
      {rows.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <ul>
          {rows.map((row, i) => {
            const checked = ids.includes(row.id)
            return (
              <li key={row.id}>
                <label className="card-panel-check" htmlFor={`${id}-${i}`}>
                  <input
                    id={`${id}-${i}`}
                    type="checkbox"
                    checked={checked}
                    disabled={readOnly || (!checked && full)}
                    onChange={(event) => onChange(toggleLink(ids, row.id, event.target.checked))}
                  />
                  <span>{row.label}</span>
                </label>
              </li>
            )
          })}
        </ul>
      )}
      {full && (
        <p id={`${id}-full`} className="hint">
          {t('cards.panel.linkLimit', { count: MAX_LINKS })}
        </p>
      )}
    </fieldset>
  )
}
