// Where customers' photos are cached (photos/ of the data folder), and how a customer's photos are erased.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** File names carry a hash of the customer id, never the id or the name. */
export function photoBaseName(customerId: string): string {
  return createHash('sha256').update(`wifire-desk-photo:${customerId}`).digest('hex').slice(0, 32);
}

export class PhotoCache {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Overwrites, then deletes every cached photo of the customer. Returns how many files went. */
  removeCustomer(customerId: string): number {
    const base = photoBaseName(customerId);
    let removed = 0;
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.startsWith(base)) continue;
      const file = path.join(this.dir, name);
      try {
        const { size } = fs.statSync(file);
        fs.writeFileSync(file, Buffer.alloc(size));
      } catch {
        // Best effort: the unlink below is what the promise rests on.
      }
      fs.rmSync(file, { force: true });
      removed++;
    }
    return removed;
  }
}
