// How a customer's name is compared with what the desk typed, the same in main's query and the page's live filter.

/** Case and accents do not matter: "jose" finds "José", "JOÃO" finds "João". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
