/**
 * The light card page's words, in Bahasa Indonesia and English. A tiny dictionary of its own: the main app's i18next
 * setup and its dictionaries weigh more than this whole page may.
 */

export const CATEGORIES = ['needs', 'challenges', 'ideas', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

const id = {
  title: 'Kartu · Rembug',
  heading: 'Kartu untuk papan',
  switchTo: 'English',
  switchToLabel: 'Switch to English',
  loading: 'Memuat…',
  board: 'Papan',
  badCode: 'Alamat ini tidak berisi kode undangan yang benar (8 huruf/angka, mis. ABCD-EFGH).',
  invite_not_found: 'Kode undangan ini tidak ditemukan. Periksa tautannya atau minta kode baru ke fasilitator.',
  invite_expired: 'Undangan ini sudah kedaluwarsa. Minta kode baru ke fasilitator.',
  invite_revoked: 'Undangan ini sudah dicabut. Minta kode baru ke fasilitator.',
  viewerCode: 'Kode ini hanya untuk melihat papan. Untuk menulis kartu, minta kode peserta ke fasilitator.',
  rate_limited: 'Terlalu banyak percobaan dari jaringan ini. Coba lagi dalam {n} detik.',
  network: 'Tidak dapat terhubung ke server. Periksa koneksi, lalu coba lagi.',
  generic: 'Terjadi kesalahan. Coba lagi.',
  tryAgain: 'Coba lagi',
  joinTitle: 'Siapa Anda?',
  joinLead: 'Nama Anda tercantum pada kartu yang Anda kirim.',
  signedInAs: 'Anda masuk sebagai {name}.',
  sessionLost: 'Sesi Anda berakhir. Isi nama lagi untuk melanjutkan; kartu yang menunggu tetap tersimpan.',
  name: 'Nama',
  sector: 'Sektor',
  sectorNone: '— Pilih sektor —',
  organisation: 'Lembaga / organisasi',
  optional: '(opsional)',
  join: 'Lanjut',
  joining: 'Menghubungkan…',
  pemerintah: 'Pemerintah',
  masyarakat_sipil: 'Masyarakat Sipil',
  swasta: 'Sektor Swasta',
  akademisi: 'Akademisi',
  writeTitle: 'Tulis kartu',
  text: 'Isi kartu',
  textHint: 'Satu gagasan per kartu.',
  chars: '{n} dari {max} karakter',
  category: 'Kategori',
  needs: 'Kebutuhan',
  challenges: 'Tantangan',
  ideas: 'Gagasan',
  other: 'Lainnya',
  send: 'Kirim kartu',
  empty: 'Tulis isi kartu dulu.',
  queued: 'Kartu disimpan di perangkat ini dan dikirim begitu ada koneksi.',
  sentNow: 'Kartu terkirim ke papan.',
  sent: 'Terkirim',
  waiting: 'Menunggu koneksi',
  waitingN: 'Menunggu koneksi ({n})',
  sending: 'Mengirim…',
  failed: 'Tidak terkirim',
  retryNow: 'Kirim sekarang',
  offline: 'Tidak ada koneksi. Kartu tetap tersimpan di perangkat ini.',
  mine: 'Kartu dari perangkat ini',
  none: 'Belum ada kartu.',
  forbidden: 'Anda tidak punya izin menulis di papan ini.',
  board_not_found: 'Papan ini tidak ada lagi.',
  payload_too_large: 'Papan sudah penuh.',
  bad_request: 'Kartu ini ditolak server.',
  openBoard: 'Buka papan lengkap (butuh koneksi cepat)',
}

export type TextKey = keyof typeof id

const en: Record<TextKey, string> = {
  title: 'Cards · Rembug',
  heading: 'Cards for the board',
  switchTo: 'Bahasa Indonesia',
  switchToLabel: 'Ganti ke Bahasa Indonesia',
  loading: 'Loading…',
  board: 'Board',
  badCode: 'This address holds no valid invite code (8 letters/digits, e.g. ABCD-EFGH).',
  invite_not_found: 'This invite code was not found. Check the link or ask the facilitator for a new code.',
  invite_expired: 'This invite has expired. Ask the facilitator for a new code.',
  invite_revoked: 'This invite was revoked. Ask the facilitator for a new code.',
  viewerCode: 'This code is for viewing the board only. To write cards, ask the facilitator for a participant code.',
  rate_limited: 'Too many attempts from this network. Try again in {n} seconds.',
  network: 'Cannot reach the server. Check the connection, then try again.',
  generic: 'Something went wrong. Try again.',
  tryAgain: 'Try again',
  joinTitle: 'Who are you?',
  joinLead: 'Your name goes with the cards you send.',
  signedInAs: 'You are signed in as {name}.',
  sessionLost: 'Your session ended. Enter your name again to go on; waiting cards stay saved.',
  name: 'Name',
  sector: 'Sector',
  sectorNone: '— Choose a sector —',
  organisation: 'Institution / organisation',
  optional: '(optional)',
  join: 'Continue',
  joining: 'Connecting…',
  pemerintah: 'Government',
  masyarakat_sipil: 'Civil Society',
  swasta: 'Private Sector',
  akademisi: 'Academia',
  writeTitle: 'Write a card',
  text: 'Card text',
  textHint: 'One idea per card.',
  chars: '{n} of {max} characters',
  category: 'Category',
  needs: 'Needs',
  challenges: 'Challenges',
  ideas: 'Ideas',
  other: 'Other',
  send: 'Send card',
  empty: 'Write the card first.',
  queued: 'The card is saved on this device and sent as soon as there is a connection.',
  sentNow: 'The card is on the board.',
  sent: 'Sent',
  waiting: 'Waiting for connection',
  waitingN: 'Waiting for connection ({n})',
  sending: 'Sending…',
  failed: 'Not sent',
  retryNow: 'Send now',
  offline: 'No connection. Cards stay saved on this device.',
  mine: 'Cards from this device',
  none: 'No cards yet.',
  forbidden: 'You may not write on this board.',
  board_not_found: 'This board no longer exists.',
  payload_too_large: 'The board is full.',
  bad_request: 'The server refused this card.',
  openBoard: 'Open the full board (needs a fast connection)',
}

export type Lang = 'id' | 'en'
const LANG_KEY = 'rembug.lang'

/** The language the main app stored on this device (Indonesian unless English was picked). */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'id'
  } catch {
    return 'id'
  }
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang)
  } catch {
    // Kept for this page only.
  }
}

/** `t('chars', 'en', { n: 3, max: 500 })` → '3 of 500 characters'; an unknown key (a server code) → `generic`. */
export function t(key: string, lang: Lang, values: Record<string, string | number> = {}): string {
  const table: Record<string, string> = lang === 'en' ? en : id
  const text = table[key] ?? table.generic!
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
}
