/** Private drafting on the client (docs/PROTOCOL.md §10): participants' hidden notes while the facilitator asks. */
export { bindDrafts } from './bindDrafts'
