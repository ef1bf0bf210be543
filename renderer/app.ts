// Entry point of the page: starts the UI on whichever `window.wifireDesk` the shell provided.
import { UI_STRINGS } from '../shared/ui-strings.js';
import { startDeskApp } from './desk-app.js';
import { h } from './dom.js';

function main(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(h('div', { attrs: { id: 'app' } }));
  const api = window.wifireDesk;
  if (!api) {
    const locale = navigator.language.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
    root.replaceChildren(h('p', { className: 'fatal', text: UI_STRINGS[locale].bridgeMissing }));
    return;
  }
  startDeskApp(root, api);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main, { once: true });
else main();
