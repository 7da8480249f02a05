import {
  ArrowToolbarItem,
  AssetToolbarItem,
  BaseBoxShapeTool,
  DefaultToolbar,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HighlightToolbarItem,
  LaserToolbarItem,
  LineToolbarItem,
  NoteToolbarItem,
  RectangleToolbarItem,
  SelectToolbarItem,
  TextToolbarItem,
  TldrawUiMenuItem,
  useIsToolSelected,
  useTools,
  type TLUiOverrides,
} from 'tldraw'
import { CARD_TYPES, type CardType } from '../../shared/forum/cards'
import { cardShapesEn, cardShapesId } from './labels'

/** The tool that places one card type: click or drag on the canvas, like tldraw's own sticky-note tool. */
function cardTool(type: CardType) {
  return class extends BaseBoxShapeTool {
    static override id = type
    static override initial = 'idle'
    override shapeType = type
  }
}

export const cardTools = CARD_TYPES.map(cardTool)

const ICON_PATHS: Record<CardType, string> = {
  // A person.
  stakeholder: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8c0-3.3 3.1-6 7-6s7 2.7 7 6',
  // A flag on a pole: a goal.
  action: 'M6 21V4m0 0h10l-2 4 2 4H6',
  // A rising chart.
  indicator: 'M4 20h16M6 16l4-5 3 3 5-7',
  // A speech bubble.
  statement: 'M5 5h14v10H10l-4 4v-4H5z',
}

function CardIcon({ type }: { type: CardType }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={ICON_PATHS[type]} />
    </svg>
  )
}

/** Keys tldraw leaves free (it uses V select, K laser, N note, T text, F frame, …): P for pemangku kepentingan. */
const KEYS: Record<CardType, string> = { stakeholder: 'p', action: 'j', indicator: 'u', statement: 'i' }

/** Puts the card tools into tldraw's tool list, with labels in tldraw's own translation table. */
export const cardUiOverrides: TLUiOverrides = {
  tools(editor, tools) {
    for (const type of CARD_TYPES) {
      tools[type] = {
        id: type,
        label: `tool.${type}`,
        icon: <CardIcon type={type} />,
        kbd: KEYS[type],
        onSelect: () => editor.setCurrentTool(type),
      }
    }
    return tools
  },
  translations: {
    id: Object.fromEntries(CARD_TYPES.map((type) => [`tool.${type}`, cardShapesId.tools[type]])),
    en: Object.fromEntries(CARD_TYPES.map((type) => [`tool.${type}`, cardShapesEn.tools[type]])),
  },
}

function CardToolItem({ type }: { type: CardType }) {
  const tools = useTools()
  const tool = tools[type]
  const selected = useIsToolSelected(tool)
  return tool ? <TldrawUiMenuItem {...tool} isSelected={selected} /> : null
}

/** tldraw's toolbar with the forum's cards next to the sticky note, so they stay visible on a phone. */
export function CardToolbar() {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <NoteToolbarItem />
      {CARD_TYPES.map((type) => (
        <CardToolItem key={type} type={type} />
      ))}
      <TextToolbarItem />
      <ArrowToolbarItem />
      <DrawToolbarItem />
      <EraserToolbarItem />
      <FrameToolbarItem />
      <RectangleToolbarItem />
      <EllipseToolbarItem />
      <LineToolbarItem />
      <HighlightToolbarItem />
      <LaserToolbarItem />
      <AssetToolbarItem />
    </DefaultToolbar>
  )
}
