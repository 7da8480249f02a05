import type { i18n as I18n } from 'i18next'

/**
 * The words of dot voting and private drafting (i18n namespace `facilitationVotes`, under the default `translation`
 * namespace like `cardShapes`), in Bahasa Indonesia and English. Sector names come from the app's own `sectors.*`.
 */
export const facilitationVotesId = {
  panel: {
    title: 'Pemungutan suara titik',
    frame: 'Bingkai',
    selectedFrame: 'Bingkai terpilih: {{name}}',
    phaseFrame: 'Bingkai tahap sekarang: {{name}}',
    noFrame: 'Pilih satu bingkai di papan, atau mulai satu tahap, untuk membuka pemungutan suara.',
    untitledFrame: '(bingkai tanpa nama)',
    dots: 'Titik per orang',
    open: 'Buka pemungutan suara',
    close: 'Tutup (tanpa titik baru)',
    reveal: 'Tampilkan hasil',
    cancel: 'Batalkan',
    cancelConfirm: 'Batalkan pemungutan suara ini? Semua titik dihapus tanpa hasil.',
    newVote: 'Pemungutan suara baru',
    status: { open: 'Sedang berjalan', closed: 'Ditutup, hasil belum ditampilkan', revealed: 'Hasil ditampilkan' },
    onFrame: 'Pada bingkai {{name}}, {{dots}} titik per orang',
    voters_one: '{{count}} orang sudah memilih',
    voters_other: '{{count}} orang sudah memilih',
    candidates_one: '{{count}} kandidat',
    candidates_other: '{{count}} kandidat',
    noCandidates: 'Bingkai ini belum berisi kartu atau catatan untuk dipilih.',
    failed: 'Perintah tidak berhasil: {{message}}',
  },
  results: {
    title: 'Hasil pemungutan suara',
    votersTotal_one: '{{count}} orang memilih',
    votersTotal_other: '{{count}} orang memilih',
    onlyConsent: 'Hanya yang didukung keempat sektor',
    consent: 'didukung keempat sektor',
    total_one: '{{count}} titik',
    total_other: '{{count}} titik',
    rank: '#{{rank}}',
    none: 'Belum ada titik.',
    noneConsent: 'Belum ada kandidat yang didukung keempat sektor.',
    untitled: '(tanpa teks)',
    deleted: '(sudah dihapus dari papan)',
    noSector: 'Tanpa sektor',
    segment: '{{sector}}: {{count}}',
    adopt: 'Sepakati',
    adoptLabel: 'Sepakati {{kind}} ini',
    adopted: 'Disepakati',
    show: 'Tunjukkan di papan',
    close: 'Tutup hasil',
  },
  layer: {
    open: 'Voting: {{left}} dari {{total}} titik tersisa',
    place: 'Tempel titik',
    placing: 'Selesai menempel',
    placeHint: 'Klik kartu atau catatan bercahaya untuk memberi titik; klik kanan untuk mengambil kembali.',
    add: 'Tambah titik pada yang dipilih',
    remove: 'Ambil titik dari yang dipilih',
    selectFirst: 'Pilih satu kandidat di papan dulu.',
    none: 'Titik Anda sudah habis.',
    notCandidate: 'Itu bukan kandidat pemungutan suara ini.',
    saving: 'Menyimpan…',
    saved: 'Tersimpan',
    retrying: 'Belum tersimpan, mencoba lagi…',
    conflict: 'Pemungutan suara sudah ditutup: titik Anda tidak dapat diubah lagi.',
    closed: 'Pemungutan suara ditutup — menunggu hasil',
    revealed: 'Hasil pemungutan suara',
    results: 'Lihat hasil',
    hideResults: 'Sembunyikan hasil',
    myDots_one: '{{count}} titik Anda',
    myDots_other: '{{count}} titik Anda',
    badge_one: '{{count}} titik',
    badge_other: '{{count}} titik',
  },
  drafts: {
    hidden: 'Tersembunyi',
    hiddenTitle: 'Hanya Anda yang melihat catatan ini sampai fasilitator menampilkannya.',
  },
}

export type FacilitationVotesMessages = typeof facilitationVotesId

export const facilitationVotesEn: FacilitationVotesMessages = {
  panel: {
    title: 'Dot voting',
    frame: 'Frame',
    selectedFrame: 'Selected frame: {{name}}',
    phaseFrame: "Current step's frame: {{name}}",
    noFrame: 'Select a frame on the board, or start a step, to open a vote.',
    untitledFrame: '(untitled frame)',
    dots: 'Dots per person',
    open: 'Open vote',
    close: 'Close (no new dots)',
    reveal: 'Reveal results',
    cancel: 'Cancel',
    cancelConfirm: 'Cancel this vote? All dots are dropped without results.',
    newVote: 'New vote',
    status: { open: 'Open', closed: 'Closed, results still hidden', revealed: 'Results revealed' },
    onFrame: 'On frame {{name}}, {{dots}} dots each',
    voters_one: '{{count}} person voted',
    voters_other: '{{count}} people voted',
    candidates_one: '{{count}} candidate',
    candidates_other: '{{count}} candidates',
    noCandidates: 'This frame has no cards or notes to vote on yet.',
    failed: 'The command failed: {{message}}',
  },
  results: {
    title: 'Vote results',
    votersTotal_one: '{{count}} person voted',
    votersTotal_other: '{{count}} people voted',
    onlyConsent: 'Only those supported by all four sectors',
    consent: 'supported by all four sectors',
    total_one: '{{count}} dot',
    total_other: '{{count}} dots',
    rank: '#{{rank}}',
    none: 'No dots yet.',
    noneConsent: 'No candidate has support from all four sectors yet.',
    untitled: '(no text)',
    deleted: '(deleted from the board)',
    noSector: 'No sector',
    segment: '{{sector}}: {{count}}',
    adopt: 'Adopt',
    adoptLabel: 'Adopt this {{kind}}',
    adopted: 'Adopted',
    show: 'Show on the board',
    close: 'Close results',
  },
  layer: {
    open: 'Voting: {{left}} of {{total}} dots left',
    place: 'Place dots',
    placing: 'Done placing',
    placeHint: 'Click a highlighted card or note to give it a dot; right-click to take one back.',
    add: 'Add a dot to the selected one',
    remove: 'Take a dot from the selected one',
    selectFirst: 'Select a candidate on the board first.',
    none: 'You have no dots left.',
    notCandidate: 'That is not a candidate of this vote.',
    saving: 'Saving…',
    saved: 'Saved',
    retrying: 'Not saved yet, trying again…',
    conflict: 'The vote is closed: your dots can no longer change.',
    closed: 'Voting closed — waiting for the results',
    revealed: 'Vote results',
    results: 'See results',
    hideResults: 'Hide results',
    myDots_one: '{{count}} of your dots',
    myDots_other: '{{count}} of your dots',
    badge_one: '{{count}} dot',
    badge_other: '{{count}} dots',
  },
  drafts: {
    hidden: 'Hidden',
    hiddenTitle: 'Only you see this note until the facilitator reveals it.',
  },
}

export const FACILITATION_VOTES_NS = 'facilitationVotes'

const registered = new WeakSet<object>()

/**
 * Adds these words to an i18next instance, under `facilitationVotes.*` of the `translation` namespace. Safe to call
 * more than once and before `init` (it then waits for it). The components call it themselves.
 *
 * @example
 * registerFacilitationVotes(i18next); i18next.t('facilitationVotes.panel.open') // → 'Buka pemungutan suara'
 */
export function registerFacilitationVotes(i18n: I18n): void {
  if (registered.has(i18n)) return
  if (!i18n.isInitialized || !i18n.store) {
    registered.add(i18n)
    i18n.on('initialized', () => {
      registered.delete(i18n)
      registerFacilitationVotes(i18n)
    })
    return
  }
  registered.add(i18n)
  i18n.addResourceBundle('id', 'translation', { [FACILITATION_VOTES_NS]: facilitationVotesId }, true, true)
  i18n.addResourceBundle('en', 'translation', { [FACILITATION_VOTES_NS]: facilitationVotesEn }, true, true)
}
