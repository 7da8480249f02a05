import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FacilitationCommand } from '../../shared/facilitation/commands'
import { facilitationApi } from '../api'
import { errorText } from '../ui/errors'

/**
 * Sends facilitation commands for one board and keeps the last error to show (in the person's language). The state
 * itself comes back through the board document, so nothing else is kept here.
 */
export function useCommand(boardId: string): {
  run(command: FacilitationCommand): Promise<boolean>
  busy: boolean
  error: string | null
  clearError(): void
} {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(
    async (command: FacilitationCommand) => {
      setBusy(true)
      setError(null)
      try {
        await facilitationApi.command(boardId, command)
        return true
      } catch (caught) {
        setError(t('facilitation.failed', { message: errorText(t, caught) }))
        return false
      } finally {
        setBusy(false)
      }
    },
    [boardId, t],
  )
  return { run, busy, error, clearError: () => setError(null) }
}
