import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { BoardSummary } from '../../shared/access'
import { accessApi } from '../api'
import { LogoutButton } from '../auth/LogoutButton'
import { useMe } from '../auth/useMe'
import { formatDate } from '../i18n'
import { ImportPlan } from './ImportPlan'
import { JoinCodeForm } from '../join/JoinCodeForm'
import { errorText } from '../ui/errors'
import { PageHeader } from '../ui/PageHeader'

/**
 * `/`: a landing page for someone without a session (join with a code first), a guest's boards, or an account's
 * boards and the form to make one. Deliberately free of tldraw so it loads fast on a phone.
 */
export function HomePage() {
  const { t } = useTranslation()
  const { me, error } = useMe()

  if (me === undefined) {
    return (
      <main className="page">
        <PageHeader tagline />
        <p>{t('common.loading')}</p>
      </main>
    )
  }
  if (me === null) return <Landing error={error ? errorText(t, error) : null} />
  return (
    <main className="page">
      <PageHeader tagline>
        <span className="signed-in">
          {me.kind === 'guest' ? (
            <>
              <strong>{me.name}</strong> · {t('auth.guest')}
            </>
          ) : (
            t('auth.signedInAs', { name: me.name })
          )}
        </span>
        {me.kind === 'account' && <LogoutButton />}
      </PageHeader>
      {me.kind === 'account' ? <AccountHome /> : <GuestHome />}
    </main>
  )
}

function Landing({ error }: { error: string | null }) {
  const { t } = useTranslation()
  return (
    <main className="page narrow">
      <PageHeader tagline />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <section className="card landing-join" aria-labelledby="landing-join">
        <h1 id="landing-join">{t('home.joinTitle')}</h1>
        <p className="lead">{t('home.landingLead')}</p>
        <JoinCodeForm />
      </section>
      <section className="card" aria-labelledby="landing-facilitator">
        <h2 id="landing-facilitator">{t('home.facilitatorTitle')}</h2>
        <p className="muted">{t('home.facilitatorLead')}</p>
        <div className="button-row">
          <a className="button-link" href="/login">
            {t('auth.login')}
          </a>
          <a className="button-link secondary" href="/signup">
            {t('auth.signup')}
          </a>
        </div>
      </section>
    </main>
  )
}

function GuestHome() {
  const { t } = useTranslation()
  return (
    <>
      <BoardList emptyText={t('home.guestEmpty')} />
      <section className="card" aria-labelledby="guest-join">
        <h2 id="guest-join">{t('home.joinTitle')}</h2>
        <JoinCodeForm />
      </section>
      <p>
        <a href="/signup">{t('home.guestSignup')}</a>
      </p>
    </>
  )
}

function AccountHome() {
  const { t } = useTranslation()
  return (
    <>
      <CreateBoardForm />
      <BoardList emptyText={t('home.empty')} />
      <ExampleBoards />
      <ImportPlan />
      <section aria-labelledby="account-join">
        <h2 id="account-join">{t('home.joinTitle')}</h2>
        <JoinCodeForm />
      </section>
    </>
  )
}

type StartFrom = 'forum' | 'blank'

function CreateBoardForm() {
  const { t, i18n } = useTranslation()
  const [title, setTitle] = useState('')
  const [start, setStart] = useState<StartFrom>('forum')
  const [creating, setCreating] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function create(event: FormEvent) {
    event.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) return
    setCreating(true)
    setError(null)
    try {
      const board = await accessApi.createBoard(trimmed, start, i18n.language === 'en' ? 'en' : 'id')
      location.assign(`/b/${board.id}`)
    } catch (failure) {
      setError(t('home.createFailed', { message: errorText(t, failure) }))
      setCreating(false)
    }
  }

  return (
    <section aria-labelledby="new-board">
      <h2 id="new-board">{t('home.newBoard')}</h2>
      <form className="create-board" onSubmit={create}>
        <label htmlFor="board-title">{t('home.titleLabel')}</label>
        <div className="row">
          <input
            id="board-title"
            name="title"
            value={title}
            maxLength={200}
            required
            placeholder={t('home.titlePlaceholder')}
            onChange={(e) => setTitle(e.target.value)}
          />
          <button type="submit" disabled={creating || !title.trim()}>
            {creating ? t('home.creating') : t('home.create')}
          </button>
        </div>
        <fieldset className="start-from">
          <legend>{t('home.startFrom')}</legend>
          <label>
            <input type="radio" name="start" value="forum" checked={start === 'forum'} onChange={() => setStart('forum')} />
            <span>
              <strong>{t('home.templateForum')}</strong>
              <small>{t('home.templateForumHint')}</small>
            </span>
          </label>
          <label>
            <input type="radio" name="start" value="blank" checked={start === 'blank'} onChange={() => setStart('blank')} />
            <span>
              <strong>{t('home.templateBlank')}</strong>
            </span>
          </label>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  )
}

const EXAMPLES = [
  { template: 'example-desa-a', label: 'home.exampleDesaA' },
  { template: 'example-wilayah-b', label: 'home.exampleWilayahB' },
] as const

/** One click makes the person their own copy of a finished example workshop, in their language. */
function ExampleBoards() {
  const { t, i18n } = useTranslation()
  const [opening, setOpening] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function open(template: (typeof EXAMPLES)[number]['template'], name: string) {
    setOpening(template)
    setError(null)
    try {
      const board = await accessApi.createBoard(name, template, i18n.language === 'en' ? 'en' : 'id')
      location.assign(`/b/${board.id}`)
    } catch (failure) {
      setError(t('home.createFailed', { message: errorText(t, failure) }))
      setOpening(null)
    }
  }

  return (
    <section aria-labelledby="examples">
      <h2 id="examples">{t('home.examplesTitle')}</h2>
      <p className="muted">{t('home.examplesLead')}</p>
      <div className="button-row">
        {EXAMPLES.map(({ template, label }) => (
          <button key={template} type="button" className="secondary" disabled={opening !== null} data-testid={template} onClick={() => open(template, t(label))}>
            {opening === template ? t('home.creating') : t('home.openExample', { name: t(label) })}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  )
}

function BoardList({ emptyText }: { emptyText: string }) {
  const { t } = useTranslation()
  const [boards, setBoards] = useState<BoardSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    accessApi
      .boards()
      .then(setBoards)
      .catch((failure: unknown) => setError(t('home.loadFailed', { message: errorText(t, failure) })))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return (
    <section aria-labelledby="board-list">
      <h2 id="board-list">{t('home.myBoards')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!error && boards === null && <p>{t('home.loading')}</p>}
      {boards?.length === 0 && <p className="muted">{emptyText}</p>}
      {boards && boards.length > 0 && (
        <ul className="board-list">
          {boards.map((board) => (
            <li key={board.id}>
              <a href={`/b/${board.id}`}>{board.title}</a>
              <span className="meta">
                <span className={`role-badge role-${board.role}`}>{t(`roles.${board.role}`)}</span>
                <span>{t('home.createdOn', { date: formatDate(board.createdAt) })}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
