import { toDataURL } from 'qrcode'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { InviteInfo } from '../../shared/access'
import { formatDate } from '../i18n'
import { displayCode, inviteLink } from './invites'

/** One invite, ready to show a room: the code in large type, a QR code of the link, the link and a copy button. */
export function InviteCard({ invite }: { invite: InviteInfo }) {
  const { t } = useTranslation()
  const link = inviteLink(invite)
  const code = displayCode(invite.code)
  const [qr, setQr] = useState<string | null>(null)
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  const linkRef = useRef<HTMLInputElement>(null)
  const cardRef = useRef<HTMLDivElement>(null)

  // Shown again from the list further down: bring it into view.
  useEffect(() => {
    cardRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' })
  }, [])

  useEffect(() => {
    let live = true
    setQr(null)
    toDataURL(link, { margin: 1, width: 320, errorCorrectionLevel: 'M' })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(null))
    return () => {
      live = false
    }
  }, [link])

  async function copyLink() {
    try {
      // The Clipboard API needs a secure context; a venue server on http://192.168.x.x is not one.
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(link)
      else {
        linkRef.current?.select()
        if (!document.execCommand('copy')) throw new Error('copy refused')
      }
      setCopy('copied')
    } catch {
      linkRef.current?.select()
      setCopy('failed')
    }
  }

  return (
    <div className="invite-card" ref={cardRef} data-testid="invite-card">
      <div className="invite-code-block">
        <span className="muted">{t('share.code')}</span>
        <span className="code-display" data-testid="invite-code">
          {code}
        </span>
        <span className="muted">
          {t(`roles.${invite.role}`)} · {invite.expiresAt ? t('share.until', { date: formatDate(invite.expiresAt) }) : t('share.noExpiry')}
        </span>
      </div>
      {qr && <img className="qr" src={qr} width={240} height={240} alt={t('share.qrAlt', { code })} data-testid="invite-qr" />}
      <div className="field invite-link">
        <label htmlFor="invite-link">{t('share.link')}</label>
        <div className="row">
          <input id="invite-link" ref={linkRef} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copyLink()}>
            {t('share.copy')}
          </button>
        </div>
        <span role="status" className={copy === 'failed' ? 'error' : 'ok'}>
          {copy === 'copied' ? t('share.copied') : copy === 'failed' ? t('share.copyFailed') : ''}
        </span>
        <small className="hint">{t('share.scanHint', { host: location.host })}</small>
      </div>
    </div>
  )
}
