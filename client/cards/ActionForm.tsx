import { useTranslation } from 'react-i18next'
import type { TLShapeId } from 'tldraw'
import {
  ACTION_STATUSES,
  FUNDING_SOURCES,
  LONG_TEXT_MAX,
  SHORT_TEXT_MAX,
  type ActionShape,
  type ActionStatus,
  type FundingSource,
} from '../../shared/forum/cards'
import { DateField, DraftField, Section, SelectField, TextField } from './cardFields'
import { formatRupiahInput, parseRupiahInput } from './cardForm'
import type { FormProps } from './cardFormProps'
import { LinkList, useCardOptions, useLinkedLabels } from './cardLinks'

/** The form of an action card in the card panel. */
export function ActionForm({ editor, shape, readOnly, update, fid }: FormProps<ActionShape>) {
  const { t } = useTranslation()
  const p = shape.props
  const stakeholders = useCardOptions(editor, 'stakeholder')
  const ownerMissing = p.ownerId != null && !stakeholders.some((option) => option.id === p.ownerId)
  const ownerExtra = useLinkedLabels(editor, ownerMissing && p.ownerId ? [p.ownerId] : [])
  const dueBeforeStart = p.startDate != null && p.dueDate != null && p.dueDate < p.startDate

  return (
    <>
      <Section title={t('cards.panel.action.sectionGoal')}>
        <TextField
          id={fid('goal')}
          label={t('cards.panel.action.goal')}
          hint={t('cards.panel.action.goalHint')}
          value={p.goal}
          max={LONG_TEXT_MAX}
          multiline
          readOnly={readOnly}
          onCommit={(goal) => update({ goal })}
        />
      </Section>
      <Section title={t('cards.panel.action.sectionHow')}>
        <TextField id={fid('strategy')} label={t('cards.panel.action.strategy')} value={p.strategy} max={LONG_TEXT_MAX} multiline readOnly={readOnly} onCommit={(strategy) => update({ strategy })} />
        <TextField id={fid('tactics')} label={t('cards.panel.action.tactics')} value={p.tactics} max={LONG_TEXT_MAX} multiline readOnly={readOnly} onCommit={(tactics) => update({ tactics })} />
      </Section>
      <Section title={t('cards.panel.action.sectionResources')}>
        <SelectField
          id={fid('owner')}
          label={t('cards.panel.action.owner')}
          value={p.ownerId ?? ''}
          readOnly={readOnly}
          onChange={(value) => update({ ownerId: value === '' ? null : (value as TLShapeId) })}
        >
          <option value="">{t('cards.panel.action.ownerNone')}</option>
          {stakeholders.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label || t('cards.panel.untitledStakeholder')}
            </option>
          ))}
          {ownerExtra.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label ?? t('cards.panel.missingCard')}
            </option>
          ))}
        </SelectField>
        <TextField
          id={fid('owner-text')}
          label={t('cards.panel.action.ownerText')}
          hint={t('cards.panel.action.ownerTextHint')}
          value={p.ownerText}
          max={SHORT_TEXT_MAX}
          readOnly={readOnly}
          onCommit={(ownerText) => update({ ownerText })}
        />
        <LinkList
          editor={editor}
          id={fid('supporters')}
          legend={t('cards.panel.action.supporters')}
          empty={t('cards.panel.action.noStakeholders')}
          untitled={t('cards.panel.untitledStakeholder')}
          options={stakeholders}
          ids={p.supporterIds}
          readOnly={readOnly}
          onChange={(supporterIds) => update({ supporterIds })}
        />
        <DraftField
          id={fid('budget')}
          label={t('cards.panel.action.budget')}
          hint={t('cards.panel.action.budgetHint')}
          error={t('cards.panel.errors.rupiah')}
          value={p.budget}
          format={formatRupiahInput}
          parse={parseRupiahInput}
          maxLength={40}
          inputMode="text"
          readOnly={readOnly}
          onCommit={(budget) => update({ budget })}
        />
        <TextField id={fid('people')} label={t('cards.panel.action.people')} hint={t('cards.panel.action.peopleHint')} value={p.people} max={LONG_TEXT_MAX} multiline readOnly={readOnly} onCommit={(people) => update({ people })} />
        <TextField
          id={fid('knowledge')}
          label={t('cards.panel.action.knowledge')}
          hint={t('cards.panel.action.knowledgeHint')}
          value={p.knowledge}
          max={LONG_TEXT_MAX}
          multiline
          readOnly={readOnly}
          onCommit={(knowledge) => update({ knowledge })}
        />
        <SelectField
          id={fid('funding')}
          label={t('cards.panel.action.funding')}
          value={p.funding ?? ''}
          readOnly={readOnly}
          onChange={(value) => update({ funding: value === '' ? null : (value as FundingSource) })}
        >
          <option value="">{t('cards.panel.notSet')}</option>
          {FUNDING_SOURCES.map((source) => (
            <option key={source} value={source}>
              {t(`cards.panel.funding.${source}`)}
            </option>
          ))}
        </SelectField>
      </Section>
      <Section title={t('cards.panel.action.sectionSchedule')}>
        <div className="card-panel-pair">
          <DateField id={fid('start')} label={t('cards.panel.action.startDate')} hintId={fid('date-hint')} value={p.startDate} readOnly={readOnly} onCommit={(startDate) => update({ startDate })} />
          <DateField id={fid('due')} label={t('cards.panel.action.dueDate')} hintId={fid('date-hint')} value={p.dueDate} readOnly={readOnly} onCommit={(dueDate) => update({ dueDate })} />
        </div>
        <p id={fid('date-hint')} className="hint card-panel-pair-hint">
          {t('cards.panel.dateHint')}
        </p>
        {dueBeforeStart && <p className="card-panel-warning">{t('cards.panel.action.dueBeforeStart')}</p>}
      </Section>
      <Section title={t('cards.panel.action.sectionMonitoring')}>
        <TextField id={fid('indicator')} label={t('cards.panel.action.indicator')} value={p.indicator} max={LONG_TEXT_MAX} multiline rows={2} readOnly={readOnly} onCommit={(indicator) => update({ indicator })} />
        <TextField id={fid('target')} label={t('cards.panel.action.target')} value={p.target} max={LONG_TEXT_MAX} multiline rows={2} readOnly={readOnly} onCommit={(target) => update({ target })} />
        <SelectField id={fid('status')} label={t('cards.panel.action.status')} value={p.status} readOnly={readOnly} onChange={(value) => update({ status: value as ActionStatus })}>
          {ACTION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`cards.panel.statuses.${status}`)}
            </option>
          ))}
        </SelectField>
      </Section>
    </>
  )
}
