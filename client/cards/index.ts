import { ActionShapeUtil, IndicatorShapeUtil, StakeholderShapeUtil, StatementShapeUtil } from './CardShapeUtils'
import { PowerGridShapeUtil } from './PowerGridShapeUtil'

/** The board's shapes beyond tldraw's own; the store's schema built from these equals shared/boardSchema.ts. */
export const forumShapeUtils = [StakeholderShapeUtil, ActionShapeUtil, IndicatorShapeUtil, StatementShapeUtil, PowerGridShapeUtil]
export { CardToolbar, cardTools, cardUiOverrides } from './cardTools'
export { syncStakeholderPlacement } from './placementSync'
