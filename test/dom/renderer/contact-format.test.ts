// A card's phone and e-mail as a Brazilian desk reads them.
import { describe, expect, it } from 'vitest';
import { emailNodes, formatPhone } from '../../../renderer/contact-format.js';

describe('formatPhone', () => {
  it('writes a mobile or a landline with its area code as (DD) NNNNN-NNNN, whatever WiFire sent', () => {
    expect(formatPhone('31 9 32751257')).toBe('(31) 93275-1257');
    expect(formatPhone('31932751257')).toBe('(31) 93275-1257');
    expect(formatPhone('+55 31 93275-1257')).toBe('+55 (31) 93275-1257');
    expect(formatPhone('(31) 3275-1257')).toBe('(31) 3275-1257');
  });

  it('leaves a number it does not recognise as it came', () => {
    expect(formatPhone('+1 415 555 0100')).toBe('+1 415 555 0100');
    expect(formatPhone('190')).toBe('190');
  });
});

describe('emailNodes', () => {
  it('keeps the e-mail as its exact text, with break points only after "@" and before the dots of the domain', () => {
    const span = document.createElement('span');
    span.append(...emailNodes('ana.souza@exemplo.com.br'));
    expect(span.textContent).toBe('ana.souza@exemplo.com.br');
    expect(span.innerHTML).toBe('ana.souza@<wbr>exemplo<wbr>.com<wbr>.br');
  });
});
