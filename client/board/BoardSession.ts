import {
  atom,
  computed,
  createTLCurrentUser,
  createTLStore,
  createUserId,
  defaultBindingUtils,
  defaultShapeUtils,
  UserRecordType,
  type Atom,
  type Signal,
  type TLCurrentUser,
  type TLStore,
  type TLUser,
  type TLUserPreferences,
} from 'tldraw'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { boardMeta } from '../../shared/boardDoc'
import { atLeast, CAN, PERSON_FIELD, type PersonPresence, type PublicUser, type Role } from '../../shared/access'
import { CloseCode } from '../../shared/codes'

const REFUSED_CODES = new Set<number>([
  CloseCode.malformedMessage,
  CloseCode.invalidRecord,
  CloseCode.messageTooLarge,
  CloseCode.documentTooLarge,
  CloseCode.locked,
])
import { collabUrl } from '../api'
import { forumShapeUtils, syncStakeholderPlacement } from '../cards'
import { boardDatabaseName, forgetBoard } from '../offline/boardCache'
import { saveDeviceColor } from '../identity/identity'
import { createJitteredWebSocket } from './jitteredSocket'
import { bindPresence } from './presence'
import { bindStoreToDoc } from './yjsBinding'

/** What the person sees about the link to the server. */
export type ConnectionState = 'connected' | 'reconnecting' | 'offline'
/** Where the board is in its life on this page. */
export type BoardPhase = 'syncing' | 'ready' | 'notFound' | 'reload' | 'refused' | 'unauthorized' | 'forbidden'

/** Who opens the board: the session's person, their role on this board, and this device's cursor colour. */
export interface BoardViewer {
  user: PublicUser
  role: Role
  color: string
}

/** How the board is opened: normally, or as the room's projector (read-only whatever the role; docs/API.md). */
export interface BoardSessionOptions {
  /** `projector`: the socket asks for `?view=projector`, the editor is read-only, and the page shows up beside the
   *  person's own tabs as a collaborator of its own (`<user id>:projector`, named `name`). */
  view?: 'projector'
  /** The projector's display name. */
  name?: string
}

/** Why the server refused this page's changes: a lock (close 4423) or anything else (invalid, too large). */
export type Refusal = 'locked' | 'invalid'

/**
 * Everything one open board needs outside React: the Yjs doc, the y-websocket provider, the tldraw store bound to the
 * doc, presence, and the signals the UI shows (connection state, phase, skipped records).
 */
export class BoardSession {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly store: TLStore
  readonly user: TLCurrentUser
  readonly $user: Signal<TLUser | null>
  readonly $connection: Atom<ConnectionState>
  readonly $phase = atom<BoardPhase>('syncing', 'syncing')
  readonly $invalidRecords = atom('invalidRecords', 0)
  /** With phase `refused`: why. */
  readonly $refusal = atom<Refusal>('refusal', 'invalid')
  /** `projector` for the room's screen (see `BoardSessionOptions`). */
  readonly view: 'board' | 'projector'
  /** Changes made here since the server last had everything (while offline or reconnecting). */
  readonly $pendingChanges = atom('pendingChanges', 0)
  /** Counts closes with 4509: the server says this person's role on the board changed (the page asks which). */
  readonly $roleChanges = atom('roleChanges', 0)
  /** This device's copy of the board (IndexedDB), so it opens and keeps working without a connection. */
  readonly cache: IndexeddbPersistence | null
  /** `readonly` for a viewer: tldraw then refuses every edit (the server drops a viewer's writes anyway). */
  readonly $mode: Atom<'readonly' | 'readwrite'>
  readonly role: Role
  readonly person: PersonPresence
  private readonly $preferences: Atom<TLUserPreferences>
  private readonly cleanups: Array<() => void> = []
  private bound = false

  constructor(
    readonly boardId: string,
    viewer: BoardViewer,
    locale: string,
    options: BoardSessionOptions = {},
  ) {
    const { user, role, color } = viewer
    const projector = options.view === 'projector'
    this.view = projector ? 'projector' : 'board'
    this.role = role
    this.person = { userId: user.id, name: user.name, role, sector: user.sector, organisation: user.organisation }
    // The projector is a collaborator of its own, so the facilitator on the same account can be followed by it.
    const editorUserId = projector ? `${user.id}:projector` : user.id
    const editorName = projector ? (options.name ?? user.name) : user.name
    this.$preferences = atom('preferences', { id: editorUserId, name: editorName, color, locale })
    this.user = createTLCurrentUser({
      userPreferences: this.$preferences,
      setUserPreferences: (preferences) => {
        // The id and the name come from the server session; the colour is this device's choice.
        this.$preferences.set({ ...preferences, id: editorUserId, name: editorName })
        if (preferences.color && !projector) saveDeviceColor(preferences.color)
      },
    })
    this.$user = computed('user', () => {
      const preferences = this.$preferences.get()
      return UserRecordType.create({
        id: createUserId(preferences.id),
        name: preferences.name ?? editorName,
        color: preferences.color ?? color,
      })
    })
    this.$mode = atom('mode', atLeast(role, CAN.edit) && !projector ? 'readwrite' : 'readonly')

    this.$connection = atom<ConnectionState>('connection', navigator.onLine ? 'reconnecting' : 'offline')
    const $online = computed('online', () => (this.$connection.get() === 'connected' ? 'online' : 'offline'))
    this.store = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...forumShapeUtils],
      bindingUtils: defaultBindingUtils,
      users: { currentUser: this.$user },
      // After a refusal the board stays in view, read-only, until the person reloads.
      collaboration: { status: $online, mode: computed('editable', () => (this.$phase.get() === 'refused' ? 'readonly' : this.$mode.get())) },
    })

    // Reconnects wait a jittered, growing delay (and at least the server's retry-after), so a hall full of phones
    // coming back after a restart or a Wi-Fi drop spreads out; the provider's own backoff is kept short.
    // The local copy loads in parallel with the connection: whichever has the board first shows it, and the two
    // merge like any two peers (edits made offline reach the server on the next connection).
    // The projector shows the server's board as it is: no copy of its own.
    this.cache = typeof indexedDB === 'undefined' || projector ? null : new IndexeddbPersistence(boardDatabaseName(boardId), this.doc)
    const Socket = createJitteredWebSocket()
    this.provider = new WebsocketProvider(collabUrl(), boardId, this.doc, {
      WebSocketPolyfill: Socket as unknown as typeof WebSocket,
      maxBackoffTime: 100,
      ...(projector ? { params: { view: 'projector' } } : {}),
    })
    // A change is a record (a note, a card, an arrow…) this person added, edited or removed: a drag of one card is
    // one change however many frames it took.
    const waiting = new Set<string>()
    const onSynced = (synced: boolean) => {
      if (synced) {
        Socket.markGood()
        // The server has answered the sync, after this client sent what it had: nothing waits any more.
        waiting.clear()
        this.$pendingChanges.set(0)
      }
    }
    this.cleanups.push(
      this.store.listen(
        ({ changes }) => {
          if (this.provider.wsconnected && this.provider.synced) return
          for (const id of [...Object.keys(changes.added), ...Object.keys(changes.updated), ...Object.keys(changes.removed)]) waiting.add(id)
          this.$pendingChanges.set(waiting.size)
        },
        { source: 'user', scope: 'document' },
      ),
    )
    this.provider.on('sync', onSynced)
    this.cleanups.push(() => this.provider.off('sync', onSynced))
    this.watchConnection()
    this.provider.once('sync', () => this.onFirstSync())
    // Offline, or on a slow link: open the copy this device has, if it has one, without waiting for the server.
    void this.cache?.whenSynced.then(() => {
      if (this.$phase.get() === 'syncing' && boardMeta(this.doc).size > 0) this.onFirstSync()
    })
  }

  private watchConnection(): void {
    const update = () => {
      if (!navigator.onLine) this.$connection.set('offline')
      else this.$connection.set(this.provider.wsconnected ? 'connected' : 'reconnecting')
    }
    const onStatus = () => update()
    const onClose = (event: CloseEvent | null) => {
      // The board is gone or no longer this person's: its copy on this device goes too.
      if (event?.code === CloseCode.boardNotFound || event?.code === CloseCode.forbidden) void forgetBoard(this.boardId)
      if (event?.code === CloseCode.roleChanged) this.$roleChanges.update((n) => n + 1)
      if (event?.code === CloseCode.boardNotFound) this.$phase.set('notFound')
      else if (event?.code === CloseCode.unauthorized) this.$phase.set('unauthorized')
      else if (event?.code === CloseCode.forbidden) this.$phase.set('forbidden')
      // The server refused what this page sent (and will again): stop and ask for a reload instead of retrying.
      else if (event && REFUSED_CODES.has(event.code)) {
        this.$refusal.set(event.code === CloseCode.locked ? 'locked' : 'invalid')
        this.$phase.set('refused')
        // This device's copy holds the refused change too: kept, it would be sent again and refused again after
        // every reload. The server's copy is the one to start from (nothing of the refused message was applied).
        void this.cache?.clearData()
      }
      update()
    }
    this.provider.on('status', onStatus)
    this.provider.on('connection-close', onClose)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    this.cleanups.push(() => {
      this.provider.off('status', onStatus)
      this.provider.off('connection-close', onClose)
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    })
  }

  private onFirstSync(): void {
    if (this.bound) return
    this.bound = true
    const binding = bindStoreToDoc(this.store, this.doc, {
      onInvalidRecord: (id, reason) => {
        console.warn(`Rembug: skipped invalid record ${id}: ${reason}`)
        this.$invalidRecords.update((n) => n + 1)
      },
      onSchemaTooNew: () => this.$phase.set('reload'),
    })
    if (binding.status === 'reload') {
      this.$phase.set('reload')
      return
    }
    this.cleanups.push(binding.dispose)
    this.cleanups.push(syncStakeholderPlacement(this.store))
    this.cleanups.push(bindPresence(this.store, this.provider.awareness, this.$user))
    // Who this is, for the people panel of everyone on the board (docs/PROTOCOL.md §7).
    const awareness = this.provider.awareness
    awareness.setLocalStateField(PERSON_FIELD, this.person)
    this.cleanups.push(() => awareness.setLocalStateField(PERSON_FIELD, null))
    // A close ended the session before the first sync arrived: keep that phase.
    if (this.$phase.get() === 'syncing') this.$phase.set('ready')
  }

  setLocale(locale: string): void {
    this.$preferences.set({ ...this.$preferences.get(), locale })
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup()
    this.provider.destroy()
    void this.cache?.destroy()
    this.doc.destroy()
  }
}
