import { useId, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { TALLY_SECTORS, type TallySector, type VoteState } from '../../../shared/facilitation/state'
import { resultRows, SECTOR_CSS, sectorSegments, type ResultRow } from './results'
import { shapeLabel } from './shapeText'
import { useVotesT } from './useVotesT'
import './votes.css'

/**
 * The revealed results of a vote: candidates ranked by dots, each with its total, a bar of its dots by voter sector,
 * and a mark when all four sectors support it; a filter keeps only those. With `onAdopt` (facilitators), a statement
 * card gets an "Adopt" button. Everything here comes from the doc's `vote.results`: nobody's ballot.
 */
export function ResultsList({
  editor,
  vote,
  onAdopt,
  busy = false,
}: {
  editor: Editor
  vote: VoteState
  onAdopt?: (shapeId: TLShapeId) => void
  busy?: boolean
}) {
  const t = useVotesT()
  const filterId = useId()
  const [onlyConsent, setOnlyConsent] = useState(false)
  const rows = resultRows(vote, onlyConsent)
  const sectorName = (sector: TallySector) => (sector === 'none' ? t('facilitationVotes.results.noSector') : t(`sectors.${sector}`))

  return (
    <div className="vote-results">
      <p className="vote-results-summary">{t('facilitationVotes.results.votersTotal', { count: vote.voters ?? 0 })}</p>
      <ul className="vote-legend" aria-hidden="true">
        {TALLY_SECTORS.map((sector) => (
          <li key={sector}>
            <span className="vote-swatch" style={{ background: SECTOR_CSS[sector] }} />
            {sectorName(sector)}
          </li>
        ))}
      </ul>
      <label className="vote-filter" htmlFor={filterId}>
        <input id={filterId} type="checkbox" checked={onlyConsent} onChange={(event) => setOnlyConsent(event.target.checked)} />
        {t('facilitationVotes.results.onlyConsent')}
      </label>
      {rows.length === 0 ? (
        <p className="muted">{t(onlyConsent ? 'facilitationVotes.results.noneConsent' : 'facilitationVotes.results.none')}</p>
      ) : (
        <ol className="vote-result-list">
          {rows.map((row) => (
            <ResultItem key={row.shapeId} editor={editor} row={row} sectorName={sectorName} onAdopt={onAdopt} busy={busy} />
          ))}
        </ol>
      )}
    </div>
  )
}

function ResultItem({
  editor,
  row,
  sectorName,
  onAdopt,
  busy,
}: {
  editor: Editor
  row: ResultRow
  sectorName: (sector: TallySector) => string
  onAdopt: ((shapeId: TLShapeId) => void) | undefined
  busy: boolean
}) {
  const t = useVotesT()
  const id = row.shapeId as TLShapeId
  const shape = useValue('vote result shape', () => editor.getShape(id) ?? null, [editor, id])
  const label = shape ? shapeLabel(editor, shape) || t('facilitationVotes.results.untitled') : t('facilitationVotes.results.deleted')
  const statement = shape?.type === 'statement' ? (shape.props as { kind: 'vision' | 'mission'; state: 'candidate' | 'adopted' }) : null
  const segments = sectorSegments(row.tally)
  const show = () => {
    if (!shape) return
    editor.select(id)
    editor.zoomToSelection({ animation: { duration: 300 } })
  }
  return (
    <li className="vote-result" data-consent={row.consent || undefined}>
      <div className="vote-result-head">
        <span className="vote-rank">{t('facilitationVotes.results.rank', { rank: row.rank })}</span>
        <button type="button" className="vote-result-label button-link" onClick={show} disabled={!shape} title={t('facilitationVotes.results.show')}>
          {label}
        </button>
        <span className="vote-total">{t('facilitationVotes.results.total', { count: row.tally.total })}</span>
      </div>
      <div
        className="vote-bar"
        role="img"
        aria-label={segments.map((s) => t('facilitationVotes.results.segment', { sector: sectorName(s.sector), count: s.count })).join(', ')}
      >
        {segments.map((segment) => (
          <span
            key={segment.sector}
            className="vote-bar-segment"
            style={{ flexGrow: segment.count, background: SECTOR_CSS[segment.sector] }}
            title={t('facilitationVotes.results.segment', { sector: sectorName(segment.sector), count: segment.count })}
          />
        ))}
      </div>
      {(row.consent || statement) && (
        <div className="vote-result-foot">
          {row.consent && (
            <span className="vote-consent">
              <span aria-hidden="true">★ </span>
              {t('facilitationVotes.results.consent')}
            </span>
          )}
          {statement &&
            (statement.state === 'adopted' ? (
              <span className="vote-adopted">{t('facilitationVotes.results.adopted')}</span>
            ) : (
              onAdopt && (
                <button
                  type="button"
                  className="vote-adopt"
                  disabled={busy}
                  onClick={() => onAdopt(id)}
                  aria-label={t('facilitationVotes.results.adoptLabel', { kind: t(`cardShapes.${statement.kind}`) })}
                >
                  {t('facilitationVotes.results.adopt')}
                </button>
              )
            ))}
        </div>
      )}
    </li>
  )
}
