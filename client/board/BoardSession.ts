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
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/codes'
import { collabUrl } from '../api'
import { saveIdentity, type Identity } from '../identity/identity'
import { bindPresence } from './presence'
import { bindStoreToDoc } from './yjsBinding'

/** What the person sees about the link to the server. */
export type ConnectionState = 'connected' | 'reconnecting' | 'offline'
/** Where the board is in its life on this page. */
export type BoardPhase = 'syncing' | 'ready' | 'notFound' | 'reload'

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
  private readonly $preferences: Atom<TLUserPreferences>
  private readonly cleanups: Array<() => void> = []

  constructor(
    readonly boardId: string,
    identity: Identity,
    locale: string,
  ) {
    this.$preferences = atom('preferences', { id: identity.id, name: identity.name, color: identity.color, locale })
    this.user = createTLCurrentUser({
      userPreferences: this.$preferences,
      setUserPreferences: (preferences) => {
        this.$preferences.set(preferences)
        saveIdentity({ id: preferences.id, name: preferences.name ?? '', color: preferences.color ?? identity.color })
      },
    })
    this.$user = computed('user', () => {
      const preferences = this.$preferences.get()
      return UserRecordType.create({
        id: createUserId(preferences.id),
        name: preferences.name ?? '',
        color: preferences.color ?? identity.color,
      })
    })

    this.$connection = atom<ConnectionState>('connection', navigator.onLine ? 'reconnecting' : 'offline')
    const $online = computed('online', () => (this.$connection.get() === 'connected' ? 'online' : 'offline'))
    this.store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
      users: { currentUser: this.$user },
      collaboration: { status: $online, mode: atom('mode', 'readwrite') },
    })

    this.provider = new WebsocketProvider(collabUrl(), boardId, this.doc)
    this.watchConnection()
    this.provider.once('sync', () => this.onFirstSync())
  }

  private watchConnection(): void {
    const update = () => {
      if (!navigator.onLine) this.$connection.set('offline')
      else this.$connection.set(this.provider.wsconnected ? 'connected' : 'reconnecting')
    }
    const onStatus = () => update()
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === CloseCode.boardNotFound) this.$phase.set('notFound')
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
    this.cleanups.push(bindPresence(this.store, this.provider.awareness, this.$user))
    this.$phase.set('ready')
  }

  /** Changes the display name everyone sees. */
  setName(name: string): void {
    this.user.setUserPreferences({ ...this.$preferences.get(), name })
  }

  setLocale(locale: string): void {
    this.$preferences.set({ ...this.$preferences.get(), locale })
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup()
    this.provider.destroy()
    this.doc.destroy()
  }
}
