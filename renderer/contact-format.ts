// How a card shows contact fields: a Brazilian phone as (DD) NNNNN-NNNN, an e-mail that breaks only at its seams.
import { h } from './dom.js';

/**
 * "31 9 32751257", "31932751257" or "+55 31 93275-1257" → "(31) 93275-1257"; a landline with 10 digits →
 * "(31) 3275-1257". Anything else (a foreign number, a short code) is shown as WiFire sent it.
 */
export function formatPhone(raw: string): string {
  if (/^\s*\+(?!\s*55)/.test(raw)) return raw;
  let digits = raw.replace(/\D/g, '');
  const international = digits.length >= 12 && digits.startsWith('55');
  if (international) digits = digits.slice(2);
  if (digits.length !== 10 && digits.length !== 11) return raw;
  const local = digits.slice(2);
  const split = local.length - 4;
  return `${international ? '+55 ' : ''}(${digits.slice(0, 2)}) ${local.slice(0, split)}-${local.slice(split)}`;
}

/**
 * The e-mail as text with break opportunities after "@" and before each "." of the domain, so a narrow card wraps
 * "ana.souza@" / "exemplo.com.br" rather than in the middle of a word.
 */
export function emailNodes(email: string): Node[] {
  const at = email.lastIndexOf('@');
  if (at < 0) return [document.createTextNode(email)];
  const nodes: Node[] = [document.createTextNode(email.slice(0, at + 1))];
  for (const part of email.slice(at + 1).split(/(?=\.)/)) nodes.push(h('wbr'), document.createTextNode(part));
  return nodes;
}
