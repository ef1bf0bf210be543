// Every personal value of a made-up customer, for tests that prove none of them is left somewhere.
import type { FakeCustomer } from '../../main/headless/simulator/payloads.js';

/** The customer's id first, then name (whole and each part), e-mail, phone, CPF, RG, MAC, social ids, photo, birthday. */
export function personalValues(customer: FakeCustomer): string[] {
  return [
    customer.id,
    customer.name,
    ...customer.name.split(' '),
    customer.email,
    customer.phone,
    customer.cpf,
    customer.rg,
    customer.mac,
    customer.facebookId ?? '',
    customer.googleId ?? '',
    customer.image ?? '',
    customer.birthday,
  ].filter((value) => value.length > 2);
}
