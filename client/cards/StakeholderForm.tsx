import { useTranslation } from 'react-i18next'
import { SECTORS, type Sector } from '../../shared/access'
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, type StakeholderShape } from '../../shared/forum/cards'
import { SelectField, TextField } from './cardFields'
import type { FormProps } from './cardFormProps'

/** The form of a stakeholder card in the card panel. */
export function StakeholderForm({ shape, readOnly, update, fid }: FormProps<StakeholderShape>) {
  const { t } = useTranslation()
  const p = shape.props
  const scores = [1, 2, 3, 4, 5]
  return (
    <>
      <TextField id={fid('name')} label={t('cards.panel.stakeholder.name')} value={p.name} max={SHORT_TEXT_MAX} readOnly={readOnly} onCommit={(name) => update({ name })} />
      <SelectField
        id={fid('sector')}
        label={t('cards.panel.stakeholder.sector')}
        value={p.sector ?? ''}
        readOnly={readOnly}
        onChange={(value) => update({ sector: value === '' ? null : (value as Sector) })}
      >
        <option value="">{t('cards.panel.notSet')}</option>
        {SECTORS.map((sector) => (
          <option key={sector} value={sector}>
            {t(`sectors.${sector}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        id={fid('organisation')}
        label={t('cards.panel.stakeholder.organisation')}
        value={p.organisation}
        max={SHORT_TEXT_MAX}
        readOnly={readOnly}
        onCommit={(organisation) => update({ organisation })}
      />
      <TextField
        id={fid('role')}
        label={t('cards.panel.stakeholder.role')}
        hint={t('cards.panel.stakeholder.roleHint')}
        value={p.role}
        max={LONG_TEXT_MAX}
        multiline
        readOnly={readOnly}
        onCommit={(role) => update({ role })}
      />
      <div className="card-panel-pair">
        {(['influence', 'interest'] as const).map((key) => (
          <SelectField
            key={key}
            id={fid(key)}
            label={t(`cards.panel.stakeholder.${key}`)}
            describedBy={fid('grid-hint')}
            value={String(p[key])}
            readOnly={readOnly}
            onChange={(value) => update({ [key]: Number(value) })}
          >
            {scores.map((score) => (
              <option key={score} value={score}>
                {t('cards.panel.scoreOption', { score, label: t(`cards.panel.scores.s${score}`) })}
              </option>
            ))}
          </SelectField>
        ))}
      </div>
      <p id={fid('grid-hint')} className="hint card-panel-pair-hint">
        {t('cards.panel.stakeholder.gridHint')}
      </p>
      <TextField
        id={fid('contact')}
        label={`${t('cards.panel.stakeholder.contact')} ${t('common.optional')}`}
        hint={t('cards.panel.stakeholder.contactHint')}
        value={p.contact}
        max={SHORT_TEXT_MAX}
        readOnly={readOnly}
        onCommit={(contact) => update({ contact })}
      />
    </>
  )
}
