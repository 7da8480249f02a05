/** The fields of the card panel's forms: sections, selects, and text fields over a card's text, dates and numbers. */

import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import {
  cleanText,
  formatDateInput,
  formatNumberInput,
  parseDateInput,
  parseNumberInput,
  type NumberLanguage,
  type Parsed,
} from './cardForm'

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card-panel-section">
      <h3>{title}</h3>
      {children}
    </section>
  )
}

export function SelectField({
  id,
  label,
  value,
  readOnly,
  describedBy,
  onChange,
  children,
}: {
  id: string
  label: string
  value: string
  readOnly: boolean
  describedBy?: string
  onChange(value: string): void
  children: ReactNode
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={readOnly} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  )
}

interface DraftFieldProps<T> {
  id: string
  label: string
  hint?: string | undefined
  /** The id of a hint shown elsewhere (one hint for a pair of fields). */
  hintId?: string | undefined
  /** The message shown when the text cannot be read. */
  error?: string | undefined
  value: T
  format(value: T): string
  parse(text: string): Parsed<T>
  onCommit(value: T): void
  readOnly: boolean
  multiline?: boolean
  rows?: number
  maxLength?: number
  placeholder?: string
  inputMode?: 'text' | 'decimal' | 'numeric'
}

/**
 * A text field over a card's value: the person edits a draft, which is read and written on blur or Enter (or
 * Ctrl/⌘+Enter in a multi-line field). Text that cannot be read shows an inline error and writes nothing; Escape
 * puts back what the card holds. While the person is not editing it, the field follows the card (remote changes).
 */
export function DraftField<T>({ id, label, hint, hintId: sharedHintId, error, value, format, parse, onCommit, readOnly, multiline, rows, maxLength, placeholder, inputMode }: DraftFieldProps<T>) {
  const { t } = useTranslation()
  const formatted = format(value)
  const [draft, setDraft] = useState(formatted)
  const [invalid, setInvalid] = useState(false)
  const focused = useRef(false)
  // Whether the person has typed since the draft last matched the card.
  const dirty = useRef(false)

  // Follow the card while the person is not editing this field.
  useEffect(() => {
    if (focused.current && dirty.current) return
    dirty.current = false
    setDraft(formatted)
    setInvalid(false)
  }, [formatted])

  // Whatever was typed is written when the field goes away without a blur (another card was clicked on the canvas).
  const latest = useRef({ draft, formatted, parse, format, onCommit, readOnly })
  latest.current = { draft, formatted, parse, format, onCommit, readOnly }
  useEffect(
    () => () => {
      const { draft, formatted, parse, format, onCommit, readOnly } = latest.current
      if (!dirty.current || readOnly) return
      const parsed = parse(draft)
      if (parsed.ok && format(parsed.value) !== formatted) onCommit(parsed.value)
    },
    [],
  )

  const save = () => {
    if (readOnly || !dirty.current) return
    const parsed = parse(draft)
    if (!parsed.ok) {
      setInvalid(true)
      return
    }
    dirty.current = false
    setInvalid(false)
    const next = format(parsed.value)
    setDraft(next)
    if (next !== formatted) onCommit(parsed.value)
  }

  const revert = () => {
    dirty.current = false
    setDraft(formatted)
    setInvalid(false)
  }

  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    dirty.current = true
    setDraft(event.target.value)
    // Once an error shows, it goes away as soon as the text reads.
    if (invalid && parse(event.target.value).ok) setInvalid(false)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return
    if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      save()
    } else if (event.key === 'Escape' && (draft !== formatted || invalid)) {
      // Handled here: the panel closes on Escape only when there is nothing to put back.
      event.preventDefault()
      revert()
    }
  }

  const hintId = hint ? `${id}-hint` : sharedHintId
  const errorId = `${id}-error`
  const describedBy = [invalid ? errorId : null, hintId].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    value: draft,
    readOnly,
    maxLength,
    placeholder,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    onChange,
    onKeyDown,
    onFocus: () => {
      focused.current = true
    },
    onBlur: () => {
      focused.current = false
      if (dirty.current) save()
      else if (draft !== formatted) revert()
    },
    autoComplete: 'off',
    spellCheck: multiline ? true : undefined,
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...common} rows={rows ?? 3} /> : <input {...common} type="text" inputMode={inputMode} />}
      {invalid && (
        <p id={errorId} className="error card-panel-error" role="alert">
          {error ?? t('cards.panel.errors.generic')}
        </p>
      )}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  )
}

const identity = (text: string) => text

export function TextField({
  max,
  ...props
}: Omit<DraftFieldProps<string>, 'format' | 'parse' | 'maxLength'> & { max: number }) {
  const parse = (text: string): Parsed<string> => ({ ok: true, value: cleanText(text, max) })
  return <DraftField<string> {...props} format={identity} parse={parse} maxLength={max} />
}

export function DateField({
  hintId,
  ...props
}: {
  id: string
  label: string
  value: string | null
  readOnly: boolean
  /** The id of a date hint shared with another date field; without it the field shows its own. */
  hintId?: string
  onCommit(value: string | null): void
}) {
  const { t } = useTranslation()
  return (
    <DraftField<string | null>
      {...props}
      hint={hintId ? undefined : t('cards.panel.dateHint')}
      hintId={hintId}
      error={t('cards.panel.errors.date')}
      placeholder={t('cards.panel.datePlaceholder')}
      format={formatDateInput}
      parse={parseDateInput}
      maxLength={24}
    />
  )
}

export function NumberField({
  language,
  ...props
}: {
  id: string
  label: string
  hintId: string
  value: number | null
  language: NumberLanguage
  readOnly: boolean
  onCommit(value: number | null): void
}) {
  const { t } = useTranslation()
  return (
    <DraftField<number | null>
      {...props}
      error={t('cards.panel.errors.number')}
      format={(value) => formatNumberInput(value, language)}
      parse={(text) => parseNumberInput(text, language)}
      maxLength={32}
      inputMode="decimal"
    />
  )
}
