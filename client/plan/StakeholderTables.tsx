import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Sector } from '../../shared/access'
import type { PlanStakeholder } from '../../shared/plan/model'
import { LocateButton } from './LocateButton'
import { Empty, PlanSection } from './PlanSection'
import { Cell, PlanTable, Row, RowHeader, type Column } from './PlanTable'
import { oneLine, QUADRANT_KEYS, SECTOR_GROUPS } from './planText'

/** The stakeholders in the order of the tables: by sector (the article's order), unplaced last, board order within. */
export function bySector(stakeholders: readonly PlanStakeholder[]): Array<{ sector: Sector | null; stakeholders: PlanStakeholder[] }> {
  return SECTOR_GROUPS.map((sector) => ({ sector, stakeholders: stakeholders.filter((s) => s.sector === sector) })).filter((group) => group.stakeholders.length > 0)
}

/** Step 1's result: one table per sector with each stakeholder's organisation, role, scores and quadrant. */
export const StakeholderTables = memo(function StakeholderTables({ stakeholders }: { stakeholders: readonly PlanStakeholder[] }) {
  const { t } = useTranslation()
  const groups = bySector(stakeholders)
  return (
    <PlanSection title={t('plan.stakeholders.title')}>
      {groups.length === 0 && <Empty>{t('plan.stakeholders.empty')}</Empty>}
      {groups.map(({ sector, stakeholders: members }) => (
        <SectorTable key={sector ?? 'none'} sector={sector} stakeholders={members} />
      ))}
    </PlanSection>
  )
})

function SectorTable({ sector, stakeholders }: { sector: Sector | null; stakeholders: PlanStakeholder[] }) {
  const { t } = useTranslation()
  const sectorName = sector ? t(`sectors.${sector}`) : t('plan.stakeholders.noSector')
  const [name, organisation, role, influence, interest, quadrant] = [
    { label: t('plan.stakeholders.name') },
    { label: t('plan.stakeholders.organisation') },
    { label: t('plan.stakeholders.role') },
    { label: t('plan.stakeholders.influence'), short: t('plan.stakeholders.influenceShort'), numeric: true },
    { label: t('plan.stakeholders.interest'), short: t('plan.stakeholders.interestShort'), numeric: true },
    { label: t('plan.stakeholders.quadrant') },
  ] as [Column, Column, Column, Column, Column, Column]
  return (
    <PlanTable
      className="plan-stakeholders"
      caption={
        <>
          <span className={`plan-sector-chip sector-${sector ?? 'none'}`} aria-hidden="true" /> {t('plan.stakeholders.caption', { sector: sectorName, count: stakeholders.length })}
        </>
      }
      columns={[name, organisation, role, influence, interest, quadrant]}
    >
      {stakeholders.map((stakeholder) => (
        <Row key={stakeholder.id}>
          <RowHeader>
            <LocateButton name={oneLine(stakeholder.name) || t('plan.untitled.stakeholder')} entry={stakeholder} />
          </RowHeader>
          <Cell column={organisation}>{oneLine(stakeholder.organisation) || t('plan.none')}</Cell>
          <Cell column={role}>{stakeholder.role.trim() || t('plan.none')}</Cell>
          <Cell column={influence}>{stakeholder.influence ?? t('plan.none')}</Cell>
          <Cell column={interest}>{stakeholder.interest ?? t('plan.none')}</Cell>
          <Cell column={quadrant}>{stakeholder.quadrant ? t(QUADRANT_KEYS[stakeholder.quadrant]) : t('plan.none')}</Cell>
        </Row>
      ))}
    </PlanTable>
  )
}
