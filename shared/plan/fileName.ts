/**
 * A title as a file name stem, shared by the server's exports and the client's image exports so both name files the
 * same way: accents dropped, everything else that is not a letter or digit turned into single dashes, lower case
 * ASCII, at most 60 characters; "forum" when nothing is left (a title in another script).
 *
 * @example
 * slugify('Forum Désa A: Perempuan & UKM') // → 'forum-desa-a-perempuan-ukm'
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return slug || 'forum'
}
