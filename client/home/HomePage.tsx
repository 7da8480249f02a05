import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Board } from '../../server/storage/types'
import { api, unwrap } from '../api'
import { formatDate, LANGUAGES, setLanguage, type Language } from '../i18n'

/** Lists the boards and creates new ones. Deliberately free of tldraw so it loads fast on a phone. */
export function HomePage() {
  const { t, i18n } = useTranslation()
  const [boards, setBoards] = useState<Board[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  const [creating, setCreating] = useState(false)
  const [createError, setCreateError] = useState<string | null>(null)

  useEffect(() => {
    api.boards
      .$get()
      .then(unwrap)
      .then((body) => setBoards(body.boards))
      .catch((error: Error) => setLoadError(error.message))
  }, [])

  async function create(event: FormEvent) {
    event.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) return
    setCreating(true)
    setCreateError(null)
    try {
      const board = await unwrap(await api.boards.$post({ json: { title: trimmed } }))
      location.assign(`/b/${board.id}`)
    } catch (error) {
      setCreateError((error as Error).message)
      setCreating(false)
    }
  }

  return (
    <main className="home">
      <header className="home-header">
        <div>
          <h1>{t('appName')}</h1>
          <p className="tagline">{t('tagline')}</p>
        </div>
        <label className="language">
          <span>{t('language')}</span>
          <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((lng) => (
              <option key={lng} value={lng}>
                {lng === 'id' ? 'Bahasa Indonesia' : 'English'}
              </option>
            ))}
          </select>
        </label>
      </header>

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
          {createError && <p role="alert" className="error">{t('home.createFailed', { message: createError })}</p>}
        </form>
      </section>

      <section aria-labelledby="board-list">
        <h2 id="board-list">{t('home.boards')}</h2>
        {loadError && <p role="alert" className="error">{t('home.loadFailed', { message: loadError })}</p>}
        {!loadError && boards === null && <p>{t('home.loading')}</p>}
        {boards?.length === 0 && <p>{t('home.empty')}</p>}
        {boards && boards.length > 0 && (
          <ul className="board-list">
            {boards.map((board) => (
              <li key={board.id}>
                <a href={`/b/${board.id}`}>{board.title}</a>
                <span className="meta">{t('home.createdOn', { date: formatDate(board.createdAt) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}
