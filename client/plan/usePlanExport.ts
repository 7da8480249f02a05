import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from 'tldraw'
import { errorText } from '../ui/errors'
import { fetchFile, saveBlob } from './download'
import { exportLanguage, formatBytes, imageFileName, imagePixelRatio, planExportPath, planFileName, progressPercent, type ImageFormat, type PlanFormat } from './exports'

export type ExportFormat = PlanFormat | ImageFormat

/** Where an export stands: what is running and how far, the last result, or what went wrong. */
export interface ExportState {
  busy: ExportFormat | null
  /** Whole percent, or null when the size is unknown (a spinner) or nothing runs. */
  percent: number | null
  /** The line for the status region. */
  message: string
  error: string | null
}

/** Room around the board's shapes in an image, in page units. */
const IMAGE_PADDING = 32

const IDLE: ExportState = { busy: null, percent: null, message: '', error: null }

/**
 * The panel's downloads: plan exports fetched from the server with progress, and images of the current page drawn by
 * tldraw. One at a time; a download still running when the panel closes is aborted.
 */
export function usePlanExport(editor: Editor, board: { id: string; title: string }) {
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<ExportState>(IDLE)
  const running = useRef<AbortController | null>(null)
  const lang = exportLanguage(i18n.language)

  useEffect(() => () => running.current?.abort(), [])

  const start = useCallback(() => {
    if (running.current) {
      setState((s) => ({ ...s, message: t('plan.export.wait') }))
      return null
    }
    const controller = new AbortController()
    running.current = controller
    return controller
  }, [t])

  const finish = useCallback((controller: AbortController, next: ExportState) => {
    if (running.current !== controller) return
    running.current = null
    if (!controller.signal.aborted) setState(next)
  }, [])

  const downloadPlan = useCallback(
    async (format: PlanFormat) => {
      const controller = start()
      if (!controller) return
      const name = t(`plan.export.formats.${format}`)
      setState({ busy: format, percent: null, message: t('plan.export.downloadingUnknown', { format: name }), error: null })
      let shown: number | null = null
      try {
        const file = await fetchFile(planExportPath(board.id, format, lang), {
          signal: controller.signal,
          onProgress: ({ received, total }) => {
            const percent = progressPercent(received, total)
            // One render per whole percent, not per network chunk; the words (read out by screen readers) change
            // only every ten percent, so a slow download is not a stream of announcements.
            if (percent === null || percent === shown) return
            shown = percent
            const said = Math.floor(percent / 10) * 10
            setState((s) => ({ ...s, percent, message: t('plan.export.downloading', { format: name, percent: said }) }))
          },
        })
        const fileName = file.fileName ?? planFileName(board.title, format)
        saveBlob(file.blob, fileName)
        finish(controller, { ...IDLE, message: t('plan.export.done', { file: fileName, size: formatBytes(file.blob.size, lang) }) })
      } catch (error) {
        finish(controller, { ...IDLE, error: t('plan.export.failed', { format: name, reason: errorText(t, error) }) })
      }
    },
    [board.id, board.title, lang, start, finish, t],
  )

  const downloadImage = useCallback(
    async (format: ImageFormat) => {
      const controller = start()
      if (!controller) return
      const name = t(`plan.export.formats.${format}`)
      const ids = [...editor.getCurrentPageShapeIds()]
      if (ids.length === 0) {
        finish(controller, { ...IDLE, error: t('plan.export.imageFailed', { format: name, reason: t('plan.export.emptyPage') }) })
        return
      }
      setState({ busy: format, percent: null, message: t('plan.export.drawing', { format: name }), error: null })
      try {
        const bounds = editor.getCurrentPageBounds()
        const pixelRatio = format === 'png' && bounds ? imagePixelRatio(bounds.w + 2 * IMAGE_PADDING, bounds.h + 2 * IMAGE_PADDING) : undefined
        const { blob } = await editor.toImage(ids, { format, background: true, padding: IMAGE_PADDING, ...(pixelRatio ? { pixelRatio } : {}) })
        const fileName = imageFileName(board.title, format)
        if (!controller.signal.aborted) saveBlob(blob, fileName)
        finish(controller, { ...IDLE, message: t('plan.export.done', { file: fileName, size: formatBytes(blob.size, lang) }) })
      } catch (error) {
        finish(controller, { ...IDLE, error: t('plan.export.imageFailed', { format: name, reason: error instanceof Error ? error.message : String(error) }) })
      }
    },
    [editor, board.title, lang, start, finish, t],
  )

  return { state, downloadPlan, downloadImage }
}
