/**
 * The light card page, `/card/:code`: for phones on weak mobile data. No React, no tldraw, no i18next — plain DOM in
 * a few kilobytes. A participant joins with the invite code (name, sector, organisation), writes cards (text and an
 * optional category) and sees what this device sent. Every card is saved in localStorage before it is sent, and
 * waits there through any failure until the connection returns (outbox.ts). The server turns each card into a sticky
 * note on the board (`POST /api/boards/:id/cards`, docs/API.md).
 */
import { formatInviteCode, normaliseInviteCode, SECTORS } from '../../shared/access'
import { h, mount } from './dom'
import { callApi } from './http'
import { localCardStore, Outbox, type OutboxCard, type SendOutcome } from './outbox'
import { CATEGORIES, saveLang, storedLang, t, type Category, type Lang, type TextKey } from './texts'

const TEXT_MAX = 500

interface BoardRef {
  boardId: string
  title: string
}
interface Me {
  name: string
  sector: string | null
  organisation: string | null
}

const app = document.getElementById('app')!
const headerSlot = document.getElementById('board')!
const langButton = document.getElementById('lang') as HTMLButtonElement

let lang: Lang = storedLang()
let board: BoardRef | null = null
let me: Me | null = null
let notice: TextKey | null = null
/** The view to show again after a language switch. */
let redraw: () => void = () => {}
let lastAdded: string | null = null
/** The board's title as the invite preview gave it, until the person has joined. */
let inviteTitle = ''

/** The invite code from `/card/<code>` (or `?code=` for the dev server, which serves every path the main app). */
function codeFromLocation(): string | null {
  const match = /^\/card\/([^/]+)\/?$/.exec(location.pathname)
  const raw = match ? decodeURIComponent(match[1]!) : new URLSearchParams(location.search).get('code')
  return raw ? normaliseInviteCode(raw) : null
}

const code = codeFromLocation()
const store = localCardStore(code ?? 'none')
const boardKey = `rembug.card.${code}`
const draftKey = `rembug.cardDraft.${code}`

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}
function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage blocked or full: this page keeps working without it.
  }
}

const outbox = new Outbox({
  store,
  send: sendCard,
  onChange: () => renderCards(),
})

async function sendCard(card: OutboxCard): Promise<SendOutcome> {
  const answer = await callApi('POST', `/api/boards/${encodeURIComponent(card.boardId)}/cards`, {
    id: card.id,
    text: card.text,
    category: card.category,
    lang,
  })
  if (answer.status === 200 || answer.status === 201) return { kind: 'sent' }
  if (answer.status === 401) {
    notice = 'sessionLost'
    void start()
    return { kind: 'unauthorized' }
  }
  if (answer.status === 0 || answer.status === 408 || answer.status === 429 || answer.status >= 500) {
    return answer.retryAfter ? { kind: 'retry', afterMs: answer.retryAfter * 1000 } : { kind: 'retry' }
  }
  return { kind: 'failed', code: answer.code ?? 'generic' }
}

// ——— Views ———

function setLang(next: Lang): void {
  lang = next
  saveLang(next)
  document.documentElement.lang = next
  document.title = t('title', lang)
  langButton.textContent = t('switchTo', lang)
  langButton.setAttribute('aria-label', t('switchToLabel', lang))
  langButton.lang = next === 'id' ? 'en' : 'id'
  document.getElementById('heading')!.textContent = t('heading', lang)
  renderBoardLine()
  redraw()
}

function renderBoardLine(): void {
  const title = board?.title ?? inviteTitle
  mount(headerSlot, title ? `${t('board', lang)}: ${title}` : code ? formatInviteCode(code) : null)
}

function showLoading(): void {
  redraw = showLoading
  mount(app, h('p', { role: 'status' }, t('loading', lang)))
}

function showError(key: string, retry: (() => void) | null, values: Record<string, number> = {}): void {
  redraw = () => showError(key, retry, values)
  mount(
    app,
    h('p', { role: 'alert', class: 'error' }, t(key, lang, values)),
    retry && h('button', { type: 'button', class: 'primary', onclick: retry }, t('tryAgain', lang)),
  )
}

function field(id: string, label: string, control: HTMLElement, optional = false): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label, optional && h('span', { class: 'muted' }, ` ${t('optional', lang)}`)), control)
}

function showJoin(title: string): void {
  board = null
  inviteTitle = title
  renderBoardLine()
  const draft = { name: me?.name ?? '', sector: me?.sector ?? '', organisation: me?.organisation ?? '' }
  const render = () => {
    const error = h('p', { role: 'alert', class: 'error', hidden: true })
    const name = h('input', { id: 'name', name: 'name', required: true, maxlength: 80, autocomplete: 'name', value: draft.name })
    const sector = h('select', { id: 'sector', name: 'sector' }, h('option', { value: '' }, t('sectorNone', lang)), ...SECTORS.map((s) => h('option', { value: s, selected: s === draft.sector }, t(s, lang))))
    const organisation = h('input', { id: 'org', name: 'organisation', maxlength: 120, autocomplete: 'organization', value: draft.organisation })
    const submit = h('button', { type: 'submit', class: 'primary' }, t('join', lang))
    const keep = () => Object.assign(draft, { name: name.value, sector: sector.value, organisation: organisation.value })
    const form = h(
      'form',
      {
        'aria-labelledby': 'join-title',
        oninput: keep,
        onsubmit: (event) => {
          event.preventDefault()
          keep()
          void join(draft, submit, error)
        },
      },
      h('h2', { id: 'join-title' }, t('joinTitle', lang)),
      notice && h('p', { role: 'status', class: 'notice' }, t(notice, lang)),
      h('p', { class: 'muted' }, me ? t('signedInAs', lang, { name: me.name }) : t('joinLead', lang)),
      field('name', t('name', lang), name),
      field('sector', t('sector', lang), sector, true),
      field('org', t('organisation', lang), organisation, true),
      error,
      submit,
    )
    mount(app, form)
    if (!draft.name) name.focus()
  }
  redraw = render
  render()
}

async function join(draft: { name: string; sector: string; organisation: string }, submit: HTMLButtonElement, error: HTMLElement): Promise<void> {
  if (!draft.name.trim()) return
  submit.disabled = true
  submit.textContent = t('joining', lang)
  const answer = await callApi<{ boardId: string; role: string }>('POST', '/api/join', {
    code,
    name: draft.name.trim(),
    ...(draft.sector ? { sector: draft.sector } : {}),
    ...(draft.organisation.trim() ? { organisation: draft.organisation.trim() } : {}),
  })
  submit.disabled = false
  submit.textContent = t('join', lang)
  if (answer.body) {
    if (answer.body.role === 'viewer') return showError('viewerCode', null)
    me = { name: draft.name.trim(), sector: draft.sector || null, organisation: draft.organisation.trim() || null }
    ready({ boardId: answer.body.boardId, title: inviteTitle })
    document.getElementById('text')?.focus()
    return
  }
  error.hidden = false
  error.textContent = t(answer.code ?? 'generic', lang, { n: answer.retryAfter ?? 60 })
}

function ready(ref: BoardRef): void {
  board = ref
  notice = null
  write(boardKey, ref)
  renderBoardLine()
  showCompose()
  outbox.resume()
}

function showCompose(): void {
  const draft = read<{ text: string; category: Category | null }>(draftKey) ?? { text: '', category: null }
  const counter = h('span', { id: 'count', class: 'muted' })
  const text = h('textarea', { id: 'text', name: 'text', rows: 5, maxlength: TEXT_MAX, required: true, 'aria-describedby': 'text-hint count' })
  text.value = draft.text
  const showCount = () => (counter.textContent = t('chars', lang, { n: text.value.length, max: TEXT_MAX }))
  showCount()
  const categories = h(
    'fieldset',
    { class: 'categories' },
    h('legend', {}, t('category', lang), h('span', { class: 'muted' }, ` ${t('optional', lang)}`)),
    ...CATEGORIES.map((c) =>
      h('label', { class: `choice c-${c}` }, h('input', { type: 'radio', name: 'category', value: c, checked: draft.category === c }), h('span', {}, t(c, lang))),
    ),
  )
  const error = h('p', { role: 'alert', class: 'error', hidden: true })
  const form = h(
    'form',
    {
      'aria-labelledby': 'write-title',
      oninput: () => {
        showCount()
        error.hidden = true
        const checked = form.querySelector<HTMLInputElement>('input[name=category]:checked')
        write(draftKey, { text: text.value, category: checked?.value ?? null })
      },
      onsubmit: (event) => {
        event.preventDefault()
        const value = text.value.trim()
        if (!value) {
          error.hidden = false
          error.textContent = t('empty', lang)
          text.focus()
          return
        }
        const checked = form.querySelector<HTMLInputElement>('input[name=category]:checked')
        lastAdded = outbox.add(board!.boardId, value, (checked?.value as Category | undefined) ?? null).id
        form.reset()
        write(draftKey, null)
        showCount()
        text.focus()
      },
    },
    h('h2', { id: 'write-title' }, t('writeTitle', lang)),
    h('div', { class: 'field' }, h('label', { for: 'text' }, t('text', lang)), text, h('small', { id: 'text-hint', class: 'muted' }, t('textHint', lang)), counter),
    categories,
    error,
    h('button', { type: 'submit', class: 'primary' }, t('send', lang)),
  )
  mount(
    app,
    form,
    h('p', { id: 'status', role: 'status', class: 'status' }),
    h('section', { 'aria-labelledby': 'mine-title' }, h('h2', { id: 'mine-title' }, t('mine', lang)), h('div', { id: 'pending' }), h('ul', { id: 'cards', class: 'cards' })),
    h('p', { class: 'muted' }, h('a', { href: `/b/${board!.boardId}` }, t('openBoard', lang))),
  )
  redraw = showCompose
  renderCards()
}

/** The status line, the "waiting" banner and the list: redrawn whenever the outbox changes. */
function renderCards(): void {
  const list = document.getElementById('cards')
  if (!list || !board) return
  const mine = outbox.cards().filter((c) => c.boardId === board!.boardId)
  const waiting = mine.filter((c) => c.state === 'waiting')
  const status = document.getElementById('status')!
  const last = mine.find((c) => c.id === lastAdded)
  const lastKey: TextKey | null = !last ? null : last.state === 'sent' ? 'sentNow' : last.state === 'failed' ? 'failed' : outbox.busy ? 'sending' : 'queued'
  status.textContent = lastKey ? t(lastKey, lang) : ''
  status.className = `status ${last?.state ?? ''}`

  mount(
    document.getElementById('pending')!,
    !navigator.onLine && h('p', { class: 'notice' }, t('offline', lang)),
    waiting.length > 0 &&
      h(
        'p',
        { class: 'waiting-bar' },
        h('strong', {}, t('waitingN', lang, { n: waiting.length })),
        h('button', { type: 'button', class: 'secondary', onclick: () => outbox.kick() }, t('retryNow', lang)),
      ),
  )
  mount(
    list,
    mine.length === 0 && h('li', { class: 'muted' }, t('none', lang)),
    ...mine
      .slice()
      .reverse()
      .map((card) =>
        h(
          'li',
          { class: `card ${card.state}`, 'data-card-id': card.id },
          h('p', { class: 'card-text' }, card.text),
          h(
            'p',
            { class: 'card-meta' },
            card.category && h('span', { class: `chip c-${card.category}` }, t(card.category, lang)),
            h(
              'span',
              { class: `state ${card.state}` },
              card.state === 'sent' ? `✓ ${t('sent', lang)}` : card.state === 'failed' ? `${t('failed', lang)}: ${t(card.error ?? 'generic', lang)}` : `○ ${t('waiting', lang)}`,
            ),
          ),
        ),
      ),
  )
}

// ——— Start ———

/** Finds out whether this browser may already write on the code's board; otherwise asks who the person is. */
async function start(): Promise<void> {
  if (!code) return showError('badCode', null)
  const known = read<BoardRef>(boardKey)
  if (!board) showLoading()
  const mine = await callApi<{ user: Me }>('GET', '/api/me')
  // No connection at all: a device that was here before writes on; its cards wait in the outbox.
  if (mine.status === 0) return known ? ready(known) : showError('network', () => void start())
  me = mine.body?.user ?? null
  if (me && known && !notice) {
    const boards = await callApi<{ boards: Array<{ id: string; title: string; role: string }> }>('GET', '/api/boards')
    if (boards.status === 0) return ready(known)
    const found = boards.body?.boards.find((b) => b.id === known.boardId)
    if (found && found.role !== 'viewer') return ready({ boardId: found.id, title: found.title })
  }
  const invite = await callApi<{ boardTitle: string; role: string }>('GET', `/api/invites/${code}`)
  if (invite.status === 0) return known ? ready(known) : showError('network', () => void start())
  if (!invite.body) {
    const again = invite.code === 'rate_limited' || invite.status >= 500 ? () => void start() : null
    return showError(invite.code ?? 'generic', again, { n: invite.retryAfter ?? 60 })
  }
  if (invite.body.role === 'viewer') return showError('viewerCode', null)
  showJoin(invite.body.boardTitle)
}

langButton.addEventListener('click', () => setLang(lang === 'id' ? 'en' : 'id'))
addEventListener('online', () => {
  renderCards()
  outbox.kick()
})
addEventListener('offline', () => renderCards())
addEventListener('storage', (event) => {
  // Another tab of this page changed the cards.
  if (event.key === `rembug.cards.${code}`) renderCards()
})
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && board && outbox.waiting(board.boardId).length > 0) outbox.kick()
})
setLang(lang)
void start()
