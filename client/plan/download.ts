import { ApiCallError, unwrap } from '../api'
import { expectedBytes, fileNameFromDisposition } from './exports'

/** How far a download has got: bytes so far, and the size when the server said it. */
export interface DownloadProgress {
  received: number
  total: number | null
}

export interface FetchedFile {
  blob: Blob
  /** The name the server gave it (`Content-Disposition`), if any. */
  fileName: string | null
}

/**
 * Fetches a file from the API with the session cookie, reading the body as a stream so `onProgress` can report it
 * (a plan's DOCX over weak mobile data takes a while). Throws `ApiCallError` (the server's code, or `network`).
 */
export async function fetchFile(path: string, options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {}): Promise<FetchedFile> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', ...(options.signal ? { signal: options.signal } : {}) })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiCallError(0, 'network', (error as Error).message)
  }
  // An error answer is JSON with the server's code: `unwrap` reads it and throws.
  if (!response.ok) await unwrap(response)
  const total = expectedBytes(response.headers)
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream'
  const fileName = fileNameFromDisposition(response.headers.get('Content-Disposition'))
  options.onProgress?.({ received: 0, total })
  if (!response.body) {
    const blob = await response.blob()
    options.onProgress?.({ received: blob.size, total })
    return { blob, fileName }
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let received = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      received += value.byteLength
      options.onProgress?.({ received, total })
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiCallError(0, 'network', (error as Error).message)
  }
  return { blob: new Blob(chunks, { type }), fileName }
}

/**
 * Hands a blob to the browser as a download: a blob URL on a hidden `<a download>`. The URL is revoked a little later,
 * not at once: some browsers start reading it only after the click has returned.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
