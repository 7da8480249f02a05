import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { id } from './id'
import { cardShapesEn, cardShapesId } from '../cards/labels'

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof id>

export const LANGUAGES = ['id', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'rembug.lang'

/** The chosen language; Bahasa Indonesia unless the person picked English. */
export function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id'
  } catch {
    return 'id'
  }
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // The choice lasts for this page only.
  }
  void i18next.changeLanguage(language)
  document.documentElement.lang = language
}

/** Dates as the forum writes them: day/month/year. */
export function formatDate(iso: string): string {
  // A calendar date (how cards store dates) is the same day everywhere: no time zone may shift it.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (day) return `${day[3]}/${day[2]}/${day[1]}`
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`
}

export function initI18n(): typeof i18next {
  const lng = storedLanguage()
  document.documentElement.lang = lng
  void i18next.use(initReactI18next).init({
    resources: { id: { translation: { ...id, cardShapes: cardShapesId } }, en: { translation: { ...en, cardShapes: cardShapesEn } } },
    lng,
    fallbackLng: 'id',
    interpolation: { escapeValue: false },
  })
  return i18next
}
