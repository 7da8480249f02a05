import { useId, useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { BoardSummary } from '../../shared/access'
import { ApiCallError, request } from '../api'
import { errorText } from '../ui/errors'

/** What the server takes (server/routes/import.ts): a CSV up to 2 MB; a JSON plan well within its 8 MB body. */
const MAX_CSV_BYTES = 2 * 1024 * 1024
const MAX_JSON_BYTES = 7 * 1024 * 1024

type Source = { kind: 'plan'; plan: unknown } | { kind: 'csv'; csv: string }

/** A file's content as an import: JSON by its name or its first character, CSV otherwise. */
function readSource(name: string, text: string): Source {
  const json = /\.json$/i.test(name) || (!/\.csv$/i.test(name) && text.trimStart().startsWith('{'))
  return json ? { kind: 'plan', plan: JSON.parse(text) as unknown } : { kind: 'csv', csv: text }
}

/** The board title a file suggests: its plan's forum title, else its name without the extension. */
function suggestedTitle(name: string, source: Source): string {
  const forum = source.kind === 'plan' && typeof source.plan === 'object' && source.plan !== null ? (source.plan as { forum?: { title?: unknown } }).forum : undefined
  const title = typeof forum?.title === 'string' ? forum.title.trim() : ''
  return (title || name.replace(/\.[^.]+$/, '')).slice(0, 200)
}

/**
 * A new board from a plan file: the plan JSON or plan CSV a board's export wrote (or one made elsewhere in the same
 * shape), laid out in the five-step template. The server names what is wrong with a file; it is shown here.
 */
export function ImportPlan() {
  const { t, i18n } = useTranslation()
  const ids = { file: useId(), title: useId(), heading: useId(), hint: useId() }
  const [source, setSource] = useState<Source | null>(null)
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    setSource(null)
    setError(null)
    if (!file) return
    const isCsv = !/\.json$/i.test(file.name)
    if (file.size > (isCsv ? MAX_CSV_BYTES : MAX_JSON_BYTES)) {
      setError(t('importPlan.tooLarge', { size: isCsv ? '2 MB' : '7 MB' }))
      return
    }
    try {
      const read = readSource(file.name, await file.text())
      setSource(read)
      setTitle(suggestedTitle(file.name, read))
    } catch (failure) {
      setError(t('importPlan.notJson', { message: (failure as Error).message }))
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = title.trim()
    if (!source || !trimmed) return
    setBusy(true)
    setError(null)
    try {
      const lang = i18n.language === 'en' ? 'en' : 'id'
      const body = source.kind === 'plan' ? { title: trimmed, lang, plan: source.plan } : { title: trimmed, lang, csv: source.csv }
      const board = await request<BoardSummary>('POST', '/api/boards/import', body)
      location.assign(`/b/${board.id}`)
    } catch (failure) {
      // A refused file: the server's message is the list of problems (in the file's own terms: columns, rows, paths).
      const message = failure instanceof ApiCallError && failure.code === 'bad_request' ? failure.message : errorText(t, failure)
      setError(t('importPlan.failed', { message }))
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('importPlan.title')}</h2>
      <p className="muted" id={ids.hint}>
        {t('importPlan.lead')}
      </p>
      <form className="create-board" onSubmit={submit}>
        <label htmlFor={ids.file}>{t('importPlan.fileLabel')}</label>
        <div className="row" style={{ marginBottom: '0.75rem' }}>
          <input id={ids.file} type="file" accept=".json,.csv,application/json,text/csv" aria-describedby={ids.hint} onChange={choose} data-testid="import-file" />
        </div>
        <label htmlFor={ids.title}>{t('importPlan.titleLabel')}</label>
        <div className="row">
          <input id={ids.title} name="title" value={title} maxLength={200} required disabled={!source} onChange={(e) => setTitle(e.target.value)} />
          <button type="submit" disabled={busy || !source || !title.trim()}>
            {busy ? t('importPlan.importing') : t('importPlan.submit')}
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  )
}
