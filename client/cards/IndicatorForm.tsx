import { useTranslation } from 'react-i18next'
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, type IndicatorShape } from '../../shared/forum/cards'
import { DateField, NumberField, TextField } from './cardFields'
import { clampPercent, numberLanguage, progressPercent } from './cardForm'
import type { FormProps } from './cardFormProps'
import { LinkList, useCardOptions } from './cardLinks'

/** The form of an indicator card in the card panel. */
export function IndicatorForm({ editor, shape, readOnly, update, fid }: FormProps<IndicatorShape>) {
  const { t, i18n } = useTranslation()
  const p = shape.props
  const language = numberLanguage(i18n.language)
  const actions = useCardOptions(editor, 'action')
  const percent = progressPercent(p.baseline, p.target, p.current)
  const numberField = (key: 'baseline' | 'target' | 'current') => (
    <NumberField
      id={fid(key)}
      label={t(`cards.panel.indicator.${key}`)}
      hintId={fid('number-hint')}
      value={p[key]}
      language={language}
      readOnly={readOnly}
      onCommit={(value) => update({ [key]: value })}
    />
  )
  return (
    <>
      <TextField id={fid('indicator')} label={t('cards.panel.indicator.indicator')} hint={t('cards.panel.indicator.indicatorHint')} value={p.indicator} max={LONG_TEXT_MAX} multiline readOnly={readOnly} onCommit={(indicator) => update({ indicator })} />
      <div className="card-panel-pair">
        {numberField('baseline')}
        {numberField('target')}
      </div>
      <p id={fid('number-hint')} className="hint card-panel-pair-hint">
        {t('cards.panel.indicator.numberHint')}
      </p>
      <div className="card-panel-pair">
        {numberField('current')}
        <TextField id={fid('unit')} label={t('cards.panel.indicator.unit')} hint={t('cards.panel.indicator.unitHint')} value={p.unit} max={SHORT_TEXT_MAX} readOnly={readOnly} onCommit={(unit) => update({ unit })} />
      </div>
      <div className="card-panel-progress">
        <span id={fid('progress-label')} className="card-panel-label">
          {t('cards.panel.indicator.progress')}
        </span>
        {percent == null ? (
          <p className="hint">
            {p.baseline != null && p.target != null && p.baseline === p.target ? t('cards.panel.indicator.progressSameTarget') : t('cards.panel.indicator.progressUnknown')}
          </p>
        ) : (
          <div className="card-panel-progress-row">
            <progress max={100} value={clampPercent(percent)} aria-labelledby={fid('progress-label')} aria-valuetext={`${Math.round(percent)}%`} />
            <output aria-labelledby={fid('progress-label')}>{t('cards.panel.indicator.progressValue', { percent: Math.round(percent) })}</output>
          </div>
        )}
      </div>
      <DateField id={fid('due')} label={t('cards.panel.indicator.dueDate')} value={p.dueDate} readOnly={readOnly} onCommit={(dueDate) => update({ dueDate })} />
      <LinkList
        editor={editor}
        id={fid('actions')}
        legend={t('cards.panel.indicator.actions')}
        empty={t('cards.panel.indicator.noActions')}
        untitled={t('cards.panel.untitledAction')}
        options={actions}
        ids={p.actionIds}
        readOnly={readOnly}
        onChange={(actionIds) => update({ actionIds })}
      />
    </>
  )
}
