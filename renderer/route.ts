// The hash routes: #/tray (the desktop tray window), #/feed (default), #/customer/<id>, #/settings[/<section>],
// #/deliveries.

export type Route =
  | { name: 'tray' }
  | { name: 'feed' }
  | { name: 'customer'; customerId: string }
  /** `section` names one part of the settings (`#/settings/tunnel`), so other parts of the app can link to it. */
  | { name: 'settings'; section?: string }
  | { name: 'deliveries' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/tray') return { name: 'tray' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/deliveries') return { name: 'deliveries' };
  const section = /^\/settings\/([a-z][a-z-]{0,39})$/.exec(path);
  if (section) return { name: 'settings', section: section[1]! };
  const customer = /^\/customer\/(.+)$/.exec(path);
  if (customer) {
    try {
      return { name: 'customer', customerId: decodeURIComponent(customer[1]!) };
    } catch {
      return { name: 'feed' };
    }
  }
  return { name: 'feed' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'customer':
      return `#/customer/${encodeURIComponent(route.customerId)}`;
    case 'settings':
      return route.section ? `#/settings/${route.section}` : '#/settings';
    default:
      return `#/${route.name}`;
  }
}
