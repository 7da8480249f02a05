import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { accessApi } from '../api'
import { forgetAllBoards } from '../offline/boardCache'

/** Ends the session on the server, then reloads the home page. */
export function LogoutButton() {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  return (
    <button
      type="button"
      className="secondary"
      disabled={busy}
      onClick={() => {
        setBusy(true)
        accessApi
          .logout()
          .catch(() => undefined)
          // A shared phone must not keep the last person's boards.
          .then(() => forgetAllBoards())
          .catch(() => undefined)
          .finally(() => location.assign('/'))
      }}
    >
      {busy ? t('auth.loggingOut') : t('auth.logout')}
    </button>
  )
}
