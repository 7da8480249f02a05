import { useTranslation } from 'react-i18next'
import { DefaultPeopleMenu, useCollaborationStatus, useEditor, useValue, type Atom } from 'tldraw'
import { atLeast, CAN, type BoardSummary } from '../../shared/access'
import { addForumTemplate } from '../cards/addTemplate'
import { withoutAuthorStamp } from '../facilitation/boardRules'
import { FacilitationButton } from '../facilitation/FacilitatorPanel'
import { PhaseBar } from '../facilitation/PhaseBar'
import { useFacilitation } from '../facilitation/useFacilitation'
import { PeopleButton } from '../people/PeopleButton'
import { PlanButton } from '../plan/PlanButton'
import { LanguageSelect } from '../ui/PageHeader'
import type { BoardSession } from './BoardSession'
import { ConnectionBadge } from './ConnectionBadge'

/** Which of the board's own panels is open. */
export type BoardPanel = 'people' | 'share' | 'plan' | 'facilitation' | null

/** tldraw's top centre: the title bar, and under it the workshop's steps and timer. */
export function BoardTopCenter({ board, session }: { board: BoardSummary; session: BoardSession }) {
  const state = useFacilitation(session)
  return (
    <div className="board-top-center">
      <BoardTitleBar board={board} session={session} />
      <PhaseBar boardId={board.id} state={state} canLead={atLeast(session.role, 'facilitator')} />
    </div>
  )
}

/** Home link, title, the view-only badge and the connection state. */
export function BoardTitleBar({ board, session }: { board: BoardSummary; session: BoardSession }) {
  const { t } = useTranslation()
  return (
    <div className="board-title-bar">
      <a href="/" className="home-link" aria-label={t('board.backHome')} title={t('board.backHome')}>
        <svg className="home-icon" aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round">
          <path d="M3 11 12 3l9 8v10h-6v-6H9v6H3z" />
        </svg>
        <span className="brand-text">{t('appName')}</span>
      </a>
      <span className="title" title={board.title}>
        {board.title}
      </span>
      {session.role === 'viewer' && (
        <span className="role-badge role-viewer readonly-badge" title={t('board.readonly')} data-testid="readonly-badge">
          <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4">
            <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
            <circle cx="12" cy="12" r="3" />
          </svg>
          <span className="label">{t('board.readonly')}</span>
        </span>
      )}
      <ConnectionBadge session={session} />
    </div>
  )
}

/**
 * tldraw's top right (its share slot): tldraw's people menu (anyone can follow anyone from it), how many people are
 * here, and (owner, facilitators) the facilitation panel and the share button.
 */
export function BoardActions({ session, $panel }: { session: BoardSession; $panel: Atom<BoardPanel> }) {
  const { t, i18n } = useTranslation()
  const editor = useEditor()
  const panel = useValue('panel', () => $panel.get(), [$panel])
  const toggle = (which: Exclude<BoardPanel, null>) => $panel.set(panel === which ? null : which)
  return (
    <div className="board-actions">
      <LanguageSelect compact />
      {atLeast(session.role, CAN.manageInvites) && (
        <button
          type="button"
          className="bar-button template-button"
          data-testid="add-template"
          title={t('board.addTemplateHint')}
          // The template is nobody's contribution: its notes are not counted per sector.
          onClick={() => withoutAuthorStamp(() => addForumTemplate(editor, i18n.language === 'en' ? 'en' : 'id'))}
        >
          {t('board.addTemplate')}
        </button>
      )}
      {atLeast(session.role, 'facilitator') && <FacilitationButton open={panel === 'facilitation'} onToggle={() => toggle('facilitation')} />}
      <PlanButton open={panel === 'plan'} onToggle={() => toggle('plan')} />
      <FollowMenu />
      <PeopleButton awareness={session.provider.awareness} selfUserId={session.person.userId} open={panel === 'people'} onToggle={() => toggle('people')} />
      {atLeast(session.role, CAN.manageInvites) && (
        <button type="button" className="bar-button share-button" aria-haspopup="dialog" data-testid="share-button" onClick={() => toggle('share')}>
          {t('share.button')}
        </button>
      )}
    </div>
  )
}

/** tldraw's face pile of who is here, whose menu offers "follow" for each person; hidden offline (the connection badge says so). */
function FollowMenu() {
  const status = useCollaborationStatus()
  return status === 'offline' ? null : <DefaultPeopleMenu />
}
