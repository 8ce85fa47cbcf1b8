/** The contract's contact channels over the contact book: list, name (or rename) and forget requester keys, and the file's state. */
import { type ContactBook, contactView } from '../../contacts';
import type { Handlers } from '../dispatch';

type ContactHandlers = Pick<Handlers, 'contact:list' | 'contact:name' | 'contact:forget' | 'contact:status'>;

export function contactHandlers(contacts: ContactBook): ContactHandlers {
  return {
    'contact:list': () => contacts.list().map(contactView),
    'contact:status': () => ({ fileProblem: contacts.fileProblem }),
    'contact:name': async ({ key, name }) => contactView(await contacts.name(key, name)),
    'contact:forget': async ({ key }) => {
      await contacts.forget(key);
      return null;
    },
  };
}
