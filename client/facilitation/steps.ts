import { STEPS, type Step } from '../../shared/forum/template'
import { TEMPLATE_TEXTS } from '../../shared/forum/texts'

/** The five steps' names in the UI's language (the template's frame titles without the number). */
export function stepNames(language: string): Record<Step, string> {
  const texts = TEMPLATE_TEXTS[language === 'en' ? 'en' : 'id']
  return Object.fromEntries(STEPS.map((step) => [step, texts.steps[step - 1]!.replace(/^\d+\s*·\s*/, '')])) as Record<Step, string>
}
