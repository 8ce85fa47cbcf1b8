/** A rule for one named requester: pick the contact, the keyspace and operation it covers, the decision and how long it lasts. */
import { type FormEvent, useState } from 'react';
import type { ContactPolicyInput, ContactView, PolicyView } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';

const OPERATIONS = [
  { value: 'sign', label: 'Sign' },
  { value: 'script', label: 'Run scripts' },
  { value: 'read_public', label: 'Read keypair names and public keys' },
] as const;
const DECISIONS = [
  { value: 'allow', label: 'Allow' },
  { value: 'ask', label: 'Ask' },
  { value: 'deny', label: 'Deny' },
] as const;
/** How long the rule lasts: minutes, or until revoked (null), or until the keyspace locks. */
const LIFETIMES = [
  { value: 'forever', label: 'Until I revoke it', minutes: null, untilLock: false },
  { value: '15', label: '15 minutes', minutes: 15, untilLock: false },
  { value: '60', label: '1 hour', minutes: 60, untilLock: false },
  { value: '1440', label: '1 day', minutes: 1440, untilLock: false },
  { value: 'lock', label: 'Until the keyspace locks', minutes: null, untilLock: true },
] as const;

type Operation = ContactPolicyInput['operation'];
type Decision = ContactPolicyInput['decision'];

export function ContactPolicyForm({
  contacts,
  onDone,
  onCancel,
}: {
  contacts: ContactView[];
  onDone: (rule: PolicyView) => void;
  onCancel: () => void;
}) {
  const { keyspaces } = useSnapshot();
  const [contact, setContact] = useState(contacts[0]?.name ?? '');
  const [keyspace, setKeyspace] = useState(keyspaces[0]?.name ?? '*');
  const [operation, setOperation] = useState<Operation>('sign');
  const [decision, setDecision] = useState<Decision>('allow');
  const [lifetime, setLifetime] = useState<(typeof LIFETIMES)[number]['value']>('60');
  const chosen = contacts.find((c) => c.name === contact);
  const add = useAction(() => {
    const life = LIFETIMES.find((l) => l.value === lifetime) ?? LIFETIMES[0];
    return unwrap(
      wallet.policyAdd({ contact, keyspace, operation, decision, minutes: life.minutes, untilLock: life.untilLock }),
    );
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const rule = await add.run();
    if (rule) onDone(rule);
  };

  return (
    <form className="stack-lg" onSubmit={submit}>
      <Field
        label="Contact"
        hint={
          chosen ? `Requests signed with ${chosen.fingerprint.short} (${chosen.fingerprint.words.join(' ')})` : null
        }
      >
        {(p) => (
          <select {...p} className="input" value={contact} onChange={(e) => setContact(e.target.value)}>
            {contacts.map((c) => (
              <option key={c.key} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Keyspace">
        {(p) => (
          <select {...p} className="input" value={keyspace} onChange={(e) => setKeyspace(e.target.value)}>
            {keyspaces.map((k) => (
              <option key={k.name} value={k.name}>
                {k.name}
              </option>
            ))}
            <option value="*">Any keyspace</option>
          </select>
        )}
      </Field>
      <Field label="Operation" hint="Key management is never covered: it always asks.">
        {(p) => (
          <select
            {...p}
            className="input"
            value={operation}
            onChange={(e) => setOperation(e.target.value as Operation)}
          >
            {OPERATIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="plain">
        <legend>Decision</legend>
        <div className="segmented">
          {DECISIONS.map((d) => (
            <label key={d.value}>
              <input
                type="radio"
                name="contact-rule-decision"
                value={d.value}
                checked={decision === d.value}
                onChange={() => setDecision(d.value)}
              />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Lasts">
        {(p) => (
          <select
            {...p}
            className="input"
            value={lifetime}
            onChange={(e) => setLifetime(e.target.value as typeof lifetime)}
          >
            {LIFETIMES.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorNotice error={add.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={add.pending || !chosen}>
          Add rule
        </button>
      </div>
    </form>
  );
}
