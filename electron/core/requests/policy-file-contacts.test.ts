/** `"contact"` in a policy-file rule: the contact's verified key, never a wider rule. */
import { describe, expect, it } from 'vitest';
import { parsePolicyFile } from './policy-file';

const KEY = `02${'ab'.repeat(32)}`;
const contacts = (name: string) => (name.toLowerCase() === 'billing' ? KEY : undefined);
const file = (rule: object) => JSON.stringify({ version: 1, rules: [{ effect: 'allow', operation: 'sign', ...rule }] });

describe('policy file contacts', () => {
  it('a contact becomes its key, verified, labelled with its name', () => {
    const [rule] = parsePolicyFile(file({ contact: 'Billing' }), 'p.json', contacts).rules;
    expect(rule).toMatchObject({ requester: KEY, requireVerified: true, label: 'contact Billing' });
  });

  it.each([
    [{ contact: 'Nobody' }, /rules\.0\.contact: no contact named "Nobody"/],
    [{ contact: 'Billing', requester: 'x' }, /not both/],
    [{ contact: 'Billing', requireVerified: false }, /contradicts/],
    [{ contact: 7 }, /expected a contact name/],
  ])('refuses %j', (rule, message) => {
    expect(() => parsePolicyFile(file(rule), 'p.json', contacts)).toThrow(message);
  });

  it('without contacts to look in, a contact rule is refused, not ignored', () => {
    expect(() => parsePolicyFile(file({ contact: 'Billing' }), 'p.json')).toThrow(/no contact named "Billing"/);
  });
});
