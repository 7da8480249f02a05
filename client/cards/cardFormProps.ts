import type { Editor } from 'tldraw'
import type { CardShape } from '../../shared/forum/cards'

/** What the card panel gives the form of a card. */
export interface FormProps<S extends CardShape> {
  editor: Editor
  shape: S
  readOnly: boolean
  /** Writes props to the card as one undo step (nothing when read-only, or when the card is gone). */
  update(props: Partial<S['props']>): void
  /** A unique id for a field of this panel. */
  fid(name: string): string
}
