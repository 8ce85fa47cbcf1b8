/**
 * The card's line about who asks, from the contacts: a new requester on its first request, or an
 * unnamed one seen before (each with its fingerprint, to compare over the phone, and a field to name
 * it), a known one by name, or a loud warning when a request claims a contact's name with another key.
 */
import { type FormEvent, useId, useState } from 'react';
import type { RequesterCheck } from '../../../../shared/ipc/schemas';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { FingerprintText } from './FingerprintText';
import './contacts.css';

function NameForm({ contactKey, suggested }: { contactKey: string; suggested: string | null }) {
  const inputId = useId();
  const [name, setName] = useState(suggested ?? '');
  const save = useAction(() => unwrap(wallet.contactName({ key: contactKey, name })));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) void save.run();
  };
  return (
    <form className="contact-name-form row" onSubmit={submit}>
      <label htmlFor={inputId} className="small">
        Name this requester
      </label>
      <input
        id={inputId}
        className="input contact-name-input"
        value={name}
        maxLength={64}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="btn btn-sm" disabled={save.pending || !name.trim()}>
        Save name
      </button>
      <ErrorNotice error={save.error} />
    </form>
  );
}

export function RequesterContact({ contact: c }: { contact: RequesterCheck }) {
  if (c.status === 'impostor' && c.impersonates) {
    return (
      <div className="contact-line contact-impostor" role="alert">
        <p className="row">
          <Icon name="alert" />
          <strong>
            Not {c.impersonates.name}: this request claims the name "{c.claimedName}" but
            {c.key ? ' is signed with a different key.' : ' is not signed at all.'}
          </strong>
        </p>
        <dl className="kv small">
          <dt>{c.impersonates.name}'s key</dt>
          <dd>
            <FingerprintText fingerprint={c.impersonates.fingerprint} />
          </dd>
          <dt>This request's key</dt>
          <dd>{c.fingerprint ? <FingerprintText fingerprint={c.fingerprint} /> : 'none (unsigned)'}</dd>
        </dl>
      </div>
    );
  }
  if (c.status === 'known') {
    return (
      <p className="contact-line contact-known row small">
        <Icon name="shieldCheck" size={14} />
        <span>
          Known requester <strong>{c.name}</strong>
        </span>
        {c.fingerprint && <FingerprintText fingerprint={c.fingerprint} />}
      </p>
    );
  }
  const seen = c.status === 'seen';
  return (
    <div className={`contact-line ${seen ? 'contact-seen' : 'contact-new'}`}>
      <p className="row small">
        {seen ? (
          <span className="badge">Unnamed requester</span>
        ) : (
          <span className="badge badge-accent">New requester</span>
        )}
        {seen && c.firstSeenAt !== null && <span>first seen {formatDateTime(c.firstSeenAt)}</span>}
        {c.claimedName && <span className="muted">calls itself "{c.claimedName}"</span>}
      </p>
      {c.fingerprint && (
        <p className="small">
          Fingerprint: <FingerprintText fingerprint={c.fingerprint} />
        </p>
      )}
      {c.key && <NameForm contactKey={c.key} suggested={c.claimedName} />}
    </div>
  );
}
