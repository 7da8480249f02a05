import { useTranslation } from 'react-i18next'
import {
  LONG_TEXT_MAX,
  STATEMENT_KINDS,
  STATEMENT_STATES,
  type StatementKind,
  type StatementShape,
  type StatementState,
} from '../../shared/forum/cards'
import { SelectField, TextField } from './cardFields'
import type { FormProps } from './cardFormProps'

/** The form of a statement card in the card panel. */
export function StatementForm({ shape, readOnly, update, fid }: FormProps<StatementShape>) {
  const { t } = useTranslation()
  const p = shape.props
  return (
    <>
      <SelectField id={fid('kind')} label={t('cards.panel.statement.kind')} value={p.kind} readOnly={readOnly} onChange={(value) => update({ kind: value as StatementKind })}>
        {STATEMENT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`cards.panel.statement.kinds.${kind}`)}
          </option>
        ))}
      </SelectField>
      <TextField id={fid('text')} label={t('cards.panel.statement.text')} value={p.text} max={LONG_TEXT_MAX} multiline rows={5} readOnly={readOnly} onCommit={(text) => update({ text })} />
      <SelectField id={fid('state')} label={t('cards.panel.statement.state')} value={p.state} readOnly={readOnly} onChange={(value) => update({ state: value as StatementState })}>
        {STATEMENT_STATES.map((state) => (
          <option key={state} value={state}>
            {t(`cards.panel.statement.states.${state}`)}
          </option>
        ))}
      </SelectField>
    </>
  )
}
