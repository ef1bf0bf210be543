// A customer's face: the cached photo when there is one, else initials in a circle.
import { h } from './dom.js';
import { initials } from './initials.js';
import type { PhotoCache } from './photo-cache.js';

export function avatar(
  photos: PhotoCache,
  customerId: string | null,
  name: string | null,
  hasPhoto: boolean,
  size: 'small' | 'large' = 'small',
): HTMLElement {
  const element = h('span', { className: `avatar avatar-${size}`, attrs: { 'aria-hidden': 'true' } });
  const known = hasPhoto ? photos.peek(customerId) : null;
  if (known) {
    element.appendChild(photoImage(known));
    return element;
  }
  element.appendChild(h('span', { className: 'avatar-initials', text: initials(name) }));
  if (hasPhoto && known === undefined) {
    void photos.get(customerId, hasPhoto).then((dataUrl) => {
      // The row may have been redrawn or purged meanwhile; only a live avatar gets the picture.
      if (dataUrl && element.isConnected) element.replaceChildren(photoImage(dataUrl));
    });
  }
  return element;
}

function photoImage(dataUrl: string): HTMLImageElement {
  return h('img', { className: 'avatar-photo', attrs: { src: dataUrl, alt: '', decoding: 'async' } });
}
