import { useEffect, useRef, useState, type JSX, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BaseBoxShapeUtil, HTMLContainer, useEditor, useIsEditing, type TLShape } from 'tldraw'
import {
  cardDefaults,
  cardSchemas,
  LONG_TEXT_MAX,
  SHORT_TEXT_MAX,
  type CardType,
  type ActionShape,
  type CardShape,
  type IndicatorShape,
  type StakeholderShape,
  type StatementShape,
} from '../../shared/forum/cards'
import { formatRupiah } from '../../shared/forum/rupiah'
import { formatDate } from '../i18n'
import './cards.css'

/** The field a double-click edits in place; the side panel edits the rest. */
const MAIN_FIELD = { stakeholder: 'name', action: 'goal', indicator: 'indicator', statement: 'text' } as const

function cardPath(shape: { props: { w: number; h: number } }): Path2D {
  const path = new Path2D()
  path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
  return path
}

/** The main text of a card, or the text field that edits it while the card is being edited. */
function MainText({ shape, placeholder }: { shape: CardShape; placeholder: string }) {
  const editor = useEditor()
  const editing = useIsEditing(shape.id)
  const field = MAIN_FIELD[shape.type]
  const value = (shape.props as unknown as Record<string, string>)[field] ?? ''
  const [draft, setDraft] = useState(value)
  const input = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    if (editing) {
      setDraft(value)
      // Focus after tldraw has finished its own pointer handling for the double-click.
      requestAnimationFrame(() => input.current?.select())
    }
    // Only when editing starts: remote changes while typing must not overwrite the draft.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing])

  if (!editing) {
    return <div className={`card-main${value ? '' : ' card-placeholder'}`}>{value || placeholder}</div>
  }
  const commit = () => {
    const current = editor.getShape(shape.id)
    if (current && (current.props as unknown as Record<string, unknown>)[field] !== draft) {
      editor.markHistoryStoppingPoint('edit card text')
      editor.updateShape({ id: shape.id, type: shape.type, props: { [field]: draft } } as never)
    }
  }
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation()
    if (event.key === 'Escape') {
      setDraft(value)
      editor.setEditingShape(null)
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      commit()
      editor.setEditingShape(null)
    }
  }
  return (
    <textarea
      ref={input}
      className="card-main card-input"
      aria-label={placeholder}
      value={draft}
      maxLength={shape.type === 'stakeholder' ? SHORT_TEXT_MAX : LONG_TEXT_MAX}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => event.stopPropagation()}
    />
  )
}

function StakeholderCard({ shape }: { shape: StakeholderShape }) {
  const { t } = useTranslation()
  const { sector, organisation, role, influence, interest } = shape.props
  return (
    <HTMLContainer className={`card card-stakeholder sector-${sector ?? 'none'}`}>
      <div className="card-head">
        <span>{sector ? t(`sectors.${sector}`) : t('cardShapes.noSector')}</span>
        <span className="card-scores" title={t('cardShapes.scoresTitle', { influence, interest })}>
          {t('cardShapes.scores', { influence, interest })}
        </span>
      </div>
      <MainText shape={shape} placeholder={t('cardShapes.stakeholderName')} />
      {organisation && <div className="card-line">{organisation}</div>}
      {role && <div className="card-line card-muted">{role}</div>}
    </HTMLContainer>
  )
}

function ActionCard({ shape }: { shape: ActionShape }) {
  const { t } = useTranslation()
  const editor = useEditor()
  const { ownerId, ownerText, dueDate, budget, status, funding } = shape.props
  const ownerCard = ownerId ? editor.getShape(ownerId) : undefined
  const owner = ownerCard?.type === 'stakeholder' ? ownerCard.props.name || ownerText : ownerText
  return (
    <HTMLContainer className={`card card-action status-${status}`}>
      <div className="card-head">
        <span>{t('cardShapes.action')}</span>
        <span className="card-chip">{t(`cardShapes.status.${status}`)}</span>
      </div>
      <MainText shape={shape} placeholder={t('cardShapes.actionGoal')} />
      <div className="card-line">
        <strong>{t('cardShapes.owner')}:</strong> {owner || '—'}
      </div>
      <div className="card-line">
        <strong>{t('cardShapes.due')}:</strong> {dueDate ? formatDate(dueDate) : '—'}
      </div>
      <div className="card-line">
        <strong>{t('cardShapes.budget')}:</strong> {budget !== null ? formatRupiah(budget) : '—'}
        {funding && ` · ${t(`cardShapes.funding.${funding}`)}`}
      </div>
    </HTMLContainer>
  )
}

function IndicatorCard({ shape }: { shape: IndicatorShape }) {
  const { t } = useTranslation()
  const { baseline, target, current, unit, dueDate } = shape.props
  const number = (value: number | null) => (value === null ? '—' : value.toLocaleString('id-ID'))
  const progress = baseline !== null && target !== null && current !== null && target !== baseline ? Math.round(((current - baseline) / (target - baseline)) * 100) : null
  return (
    <HTMLContainer className="card card-indicator">
      <div className="card-head">
        <span>{t('cardShapes.indicator')}</span>
        {progress !== null && <span className="card-chip">{progress}%</span>}
      </div>
      <MainText shape={shape} placeholder={t('cardShapes.indicatorText')} />
      <div className="card-line">
        {t('cardShapes.baseline')} {number(baseline)} → {t('cardShapes.target')} {number(target)} {unit}
      </div>
      <div className="card-line">
        <strong>{t('cardShapes.current')}:</strong> {number(current)} {unit}
        {dueDate && ` · ${formatDate(dueDate)}`}
      </div>
      {progress !== null && (
        <div className="card-progress" aria-hidden="true">
          <div style={{ width: `${Math.max(0, Math.min(100, progress))}%` }} />
        </div>
      )}
    </HTMLContainer>
  )
}

function StatementCard({ shape }: { shape: StatementShape }) {
  const { t } = useTranslation()
  const { kind, state } = shape.props
  return (
    <HTMLContainer className={`card card-statement kind-${kind} state-${state}`}>
      <div className="card-head">
        <span>{t(`cardShapes.${kind}`)}</span>
        <span className="card-chip">{t(`cardShapes.state.${state}`)}</span>
      </div>
      <MainText shape={shape} placeholder={t('cardShapes.statementText')} />
    </HTMLContainer>
  )
}

const CARD_COMPONENTS = {
  stakeholder: StakeholderCard,
  action: ActionCard,
  indicator: IndicatorCard,
  statement: StatementCard,
} as const

/** The shape util of one card type: its schema entry from shared/forum/cards.ts, its defaults and its look. */
function cardUtil<K extends CardType>(type: K) {
  const Component = CARD_COMPONENTS[type] as unknown as (props: { shape: TLShape<K> }) => JSX.Element
  return class extends BaseBoxShapeUtil<TLShape<K> & CardShape> {
    static override type = type
    static override props = cardSchemas[type].props
    static override migrations = cardSchemas[type].migrations
    getDefaultProps() {
      return cardDefaults[type]() as never
    }
    override canEdit() {
      return true
    }
    component(shape: TLShape<K>) {
      return <Component shape={shape} />
    }
    override getIndicatorPath(shape: TLShape<K> & CardShape) {
      return cardPath(shape)
    }
  }
}

export const StakeholderShapeUtil = cardUtil('stakeholder')
export const ActionShapeUtil = cardUtil('action')
export const IndicatorShapeUtil = cardUtil('indicator')
export const StatementShapeUtil = cardUtil('statement')
