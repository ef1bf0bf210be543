// Names a WiFire customer could have typed, chosen to break a command line, a markup parser or a D-Bus string.
// Each must reach the screen as text, exactly (test/notifications-hostile.e2e.test.ts).

const long = 'Maria da Conceição ' + 'Ω'.repeat(1781);

export const HOSTILE_NAMES: readonly string[] = [
  // Leading dashes: read as options by a command line that has no `--`.
  '--urgency=critical',
  '--app-name=Falso Zé',
  '--help',
  '-x Zé da Silva',
  '-u critical Ana',
  '-',
  '--',
  '---',
  '-t 0',
  '--icon=/etc/passwd',
  '--action=ok=Clique aqui',
  '--hint=int:transient:1',
  '-?',
  // Shell metacharacters.
  '$(rm -rf ~)',
  '`id`',
  'Ana; reboot',
  'Bia | tee /tmp/x',
  'Caio && echo pwned',
  'Davi > /dev/null',
  'Eva < /etc/shadow',
  'Fábio *',
  '~root',
  '${HOME}',
  '$PATH',
  'Gil & Hugo',
  '!!',
  '#comentário',
  // Quotes.
  "O'Brien",
  'Ana "Nana" Souza',
  "'; DROP TABLE customers; --",
  '"',
  "'",
  '`',
  '"\'`"',
  // Backslashes and escapes that notify-send or printf would read.
  'C:\\novo',
  'Ana\\nSouza',
  '\\\\servidor\\pasta',
  '\\t\\x41\\u0041',
  '\\',
  'Zé\\',
  // Format strings.
  '%s%s%s%n',
  '%d %x %p',
  '{name}',
  '{{name}}',
  // Markup the notification server would read.
  '<b>Ana</b>',
  '<i>Bia',
  '<a href="https://exemplo.com">Clique</a>',
  '<img src="x" onerror="alert(1)">',
  '&amp;',
  '&lt;b&gt;',
  'Ana &nbsp; Bia',
  ']]><!--',
  '<u>Zé</u> & <s>Tó</s>',
  // Newlines and other control characters.
  'Ana\nSouza',
  'Ana\r\nSouza',
  'Linha 1\n\nLinha 3',
  'Tab\there',
  'Sino\u0007',
  'Cor \u001b[31mvermelha\u001b[0m',
  'Del\u007f',
  // NUL and a lone surrogate: cannot travel in a D-Bus string, shown as U+FFFD.
  'Zé\u0000da Silva',
  'Meia\uD800',
  // Right-to-left, zero-width, combining.
  'محمد الأحمد',
  'דוד כהן',
  'Ana \u202Eavlis\u202C',
  'Zero\u200Bwidth',
  'Jun\u200Dção',
  '\uFEFFBOM',
  'Ze\u0301 (combinado)',
  'Zalgo Z\u0351\u0352\u0353a\u0354\u0355',
  // Emoji and other scripts.
  '🎂 Aniversariante',
  'Família 👩‍👩‍👧‍👦',
  '🇧🇷 Brasil',
  '👍🏽 João',
  '李小龙',
  'தமிழ் பெயர்',
  'Ελένη',
  // Long.
  long,
];

/** What the screen must show for a name: the payload schema trims it; NUL and lone surrogates become U+FFFD. */
export function shownName(name: string): string {
  return name.trim().replace(/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The markup escaping the notification spec asks of a body (and nothing more). */
export function specEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
