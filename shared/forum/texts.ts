import type { Sector } from '../access'

/** The languages a template or an example board can be made in. */
export const BOARD_LANGUAGES = ['id', 'en'] as const
export type BoardLanguage = (typeof BOARD_LANGUAGES)[number]

export const CLUSTERS = ['needs', 'challenges', 'ideas', 'inspiration'] as const
export type Cluster = (typeof CLUSTERS)[number]
export const AREAS = ['vision', 'mission'] as const
export type Area = (typeof AREAS)[number]

/** The words written onto a board by the five-step template, in each language. */
export interface TemplateTexts {
  pageName: string
  steps: [string, string, string, string, string]
  hints: [string, string, string, string, string]
  sectors: Record<Sector, string>
  clusters: Record<Cluster, string>
  areas: Record<Area, string>
}

export const TEMPLATE_TEXTS: Record<BoardLanguage, TemplateTexts> = {
  id: {
    pageName: 'Lokakarya',
    steps: ['1 · Pemangku Kepentingan', '2 · Forum Diskusi', '3 · Visi & Misi', '4 · Rencana Aksi', '5 · Monitor & Evaluasi'],
    hints: [
      'Satu kartu per pemangku kepentingan. Letakkan di jalur sektornya, lalu pada kisi pengaruh × kepentingan: letak kartu menentukan nilainya.',
      'Tulis kebutuhan, tantangan dan gagasan di catatan tempel, satu gagasan per catatan, lalu kelompokkan.',
      'Usulkan kandidat visi dan misi, diskusikan, pilih, lalu tandai yang disepakati.',
      'Satu kartu aksi per tujuan spesifik: strategi, taktik, penanggung jawab, sumber daya, tanggal. Tarik panah dari pemangku kepentingan ke aksi yang mereka pegang.',
      'Satu kartu indikator per hal yang dipantau: nilai awal, target, capaian saat ini, tenggat. Perbarui setiap pertemuan.',
    ],
    sectors: { pemerintah: 'Pemerintah', masyarakat_sipil: 'Masyarakat Sipil', swasta: 'Sektor Swasta', akademisi: 'Akademisi' },
    clusters: { needs: 'Kebutuhan', challenges: 'Tantangan', ideas: 'Gagasan', inspiration: 'Malam Diskusi: inspirasi' },
    areas: { vision: 'Visi', mission: 'Misi' },
  },
  en: {
    pageName: 'Workshop',
    steps: ['1 · Stakeholders', '2 · Discussion Forum', '3 · Vision & Mission', '4 · Action Plan', '5 · Monitoring & Evaluation'],
    hints: [
      'One card per stakeholder. Put it in its sector’s lane, then on the influence × interest grid: where a card sits sets its scores.',
      'Write needs, challenges and ideas on sticky notes, one idea per note, then group them.',
      'Propose candidate visions and missions, discuss, vote, then mark the ones agreed.',
      'One action card per specific goal: strategy, tactics, who is responsible, resources, dates. Draw an arrow from a stakeholder to each action they take part in.',
      'One indicator card per thing you monitor: baseline, target, current value, due date. Update it at every meeting.',
    ],
    sectors: { pemerintah: 'Government', masyarakat_sipil: 'Civil Society', swasta: 'Private Sector', akademisi: 'Academia' },
    clusters: { needs: 'Needs', challenges: 'Challenges', ideas: 'Ideas', inspiration: 'Discussion evening: inspiration' },
    areas: { vision: 'Vision', mission: 'Mission' },
  },
}
