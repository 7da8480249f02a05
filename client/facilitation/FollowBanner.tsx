import { useTranslation } from 'react-i18next'
import { useValue, type Editor } from 'tldraw'

/** "Mengikuti <name> · Lepas" while this editor follows someone (summoned or by choice); Lepas stops it. */
export function FollowBanner({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const leader = useValue(
    'following',
    () => {
      const id = editor.getInstanceState().followingUserId
      if (!id) return null
      const presence = editor.getCollaborators().find((c) => c.userId === id)
      return { name: presence?.userName ?? '…', color: presence?.color ?? '#1971c2' }
    },
    [editor],
  )
  if (!leader) return null
  return (
    <div className="follow-banner" role="status" data-testid="follow-banner" style={{ borderColor: leader.color }}>
      <span className="dot" style={{ background: leader.color }} aria-hidden="true" />
      <span>{t('facilitation.summon.following', { name: leader.name })}</span>
      <button
        type="button"
        className="bar-button"
        aria-label={t('facilitation.summon.releaseLabel', { name: leader.name })}
        data-testid="follow-release"
        onClick={() => editor.stopFollowingUser()}
      >
        {t('facilitation.summon.release')}
      </button>
    </div>
  )
}
