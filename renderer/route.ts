// The hash routes: #/tray (the desktop tray window), #/feed (default), #/customer/<id>, #/settings, #/deliveries.

export type Route =
  | { name: 'tray' }
  | { name: 'feed' }
  | { name: 'customer'; customerId: string }
  | { name: 'settings' }
  | { name: 'deliveries' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/tray') return { name: 'tray' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/deliveries') return { name: 'deliveries' };
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
    default:
      return `#/${route.name}`;
  }
}
