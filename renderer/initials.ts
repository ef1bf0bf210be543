// What an avatar shows when there is no photo: first letters of the first and last name, "?" without a name.

export function initials(name: string | null | undefined): string {
  const words = (name ?? '')
    .trim()
    .split(/\s+/)
    .filter((word) => /\p{L}|\p{N}/u.test(word));
  if (words.length === 0) return '?';
  const first = firstLetter(words[0]!);
  const last = words.length > 1 ? firstLetter(words[words.length - 1]!) : '';
  return (first + last).toLocaleUpperCase('pt-BR');
}

function firstLetter(word: string): string {
  const match = /[\p{L}\p{N}]/u.exec(word);
  return match ? match[0] : '';
}
