// Which deliveries a run makes, in which order, about which made-up customers.
import { EVENT_TYPES } from '../../../shared/catalog.js';
import { fakeCustomer, withBirthdayToday, type FakeCustomer } from './payloads.js';

export const REMOVAL_TYPE = 'cliente-removeu-conta';

/** Customer number used only for removals: erasing anyone else would empty the feed the run just filled. */
export const ERASED_CUSTOMER_NUMBER = 0;
/** Regulars are customers 1…pool; birthday people have numbers of their own, so their birthday is always today. */
export const REGULAR_POOL_MIN = 40;
export const BIRTHDAY_POOL_MIN = 10;
export const BIRTHDAY_BASE = 50_000;
const POOL_MAX = 40_000;

export interface PlannedDelivery {
  /** 1-based, in sending order. */
  index: number;
  type: string;
  customerNumber: number;
  /** A removal waits until every earlier delivery is answered, so it cannot race the events it follows. */
  afterPrevious: boolean;
}

export function isBirthdayType(type: string): boolean {
  return type.includes('aniversariante');
}

/**
 * The same customer with the same type within one second is the same delivery to the app (it dedupes); the pools
 * grow with the rate so one run never sends that twice in a second.
 */
function poolSize(minimum: number, rate: number): number {
  return Math.min(POOL_MAX, Math.max(minimum, Math.ceil(rate * 2)));
}

export function planDeliveries(target: string, count: number, rate: number): PlannedDelivery[] {
  const types = target === 'all' ? EVENT_TYPES.filter((type) => type !== REMOVAL_TYPE) : [target];
  const removals = target === 'all' ? count : 0;
  const regularPool = poolSize(REGULAR_POOL_MIN, rate);
  const birthdayPool = poolSize(BIRTHDAY_POOL_MIN, rate);
  const plan: PlannedDelivery[] = [];
  let regulars = 0;
  let birthdays = 0;
  const add = (type: string): void => {
    let customerNumber: number;
    if (type === REMOVAL_TYPE) customerNumber = ERASED_CUSTOMER_NUMBER;
    else if (isBirthdayType(type)) customerNumber = BIRTHDAY_BASE + 1 + (birthdays++ % birthdayPool);
    else customerNumber = 1 + (regulars++ % regularPool);
    const previous = plan.at(-1);
    plan.push({
      index: plan.length + 1,
      type,
      customerNumber,
      afterPrevious: type === REMOVAL_TYPE && previous !== undefined && previous.type !== REMOVAL_TYPE,
    });
  };
  // Round after round of every type, as a busy evening would mix them; removals close the run.
  for (let round = 0; round < count; round++) for (const type of types) add(type);
  for (let i = 0; i < removals; i++) add(REMOVAL_TYPE);
  return plan;
}

/** The customer as this delivery presents them: birthday people have their birthday today in the place's zone. */
export function customerFor(delivery: PlannedDelivery, at: Date, timeZone: string): FakeCustomer {
  const customer = fakeCustomer(delivery.customerNumber);
  return isBirthdayType(delivery.type) ? withBirthdayToday(customer, at, timeZone) : customer;
}
