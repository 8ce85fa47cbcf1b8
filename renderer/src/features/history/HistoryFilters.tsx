/** The audit-log filters: contact, requester, keypair, state, time range and free text. */
import { AUDIT_EVENTS, REQUEST_STATES } from '../../../../shared/domain';
import type { AuditQuery, ContactView } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { fromLocalInput } from '../../lib/format';

export interface FilterValues {
  /** A contact's name: requests its key signed. */
  contact: string;
  requester: string;
  keypair: string;
  state: string;
  from: string;
  to: string;
  text: string;
  /** Which line of a request's life: 'settled' is one line per finished request (the core's default). */
  event: string;
}

export const EMPTY_FILTERS: FilterValues = {
  contact: '',
  requester: '',
  keypair: '',
  state: '',
  from: '',
  to: '',
  text: '',
  event: 'settled',
};

/** The contract's AuditQuery for these filters: empty fields are left out, times become epoch millis. */
export function toQuery(f: FilterValues, limit = 500, offset = 0): AuditQuery {
  const state = REQUEST_STATES.find((s) => s === f.state);
  return {
    event: AUDIT_EVENTS.find((e) => e === f.event),
    offset,
    contact: f.contact || undefined,
    requester: f.requester.trim() || undefined,
    keypair: f.keypair.trim() || undefined,
    state,
    from: fromLocalInput(f.from),
    to: fromLocalInput(f.to),
    text: f.text.trim() || undefined,
    limit,
  };
}

export function HistoryFilters({
  value,
  onChange,
  contacts,
}: {
  value: FilterValues;
  onChange: (next: FilterValues) => void;
  contacts: ContactView[];
}) {
  const set = (k: keyof FilterValues) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  return (
    <search aria-label="Filter the history">
      <form className="card card-pad history-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" className="filter-text">
          {(p) => (
            <input
              {...p}
              className="input"
              type="search"
              placeholder="Anything: requester, key, hash, reason…"
              value={value.text}
              onChange={set('text')}
            />
          )}
        </Field>
        {contacts.length > 0 && (
          <Field label="Contact">
            {(p) => (
              <select {...p} className="select" value={value.contact} onChange={set('contact')}>
                <option value="">Anyone</option>
                {contacts.map((c) => (
                  <option key={c.key} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Requester">
          {(p) => <input {...p} className="input" value={value.requester} onChange={set('requester')} />}
        </Field>
        <Field label="Keypair">
          {(p) => (
            <input
              {...p}
              className="input"
              placeholder="name or public key"
              value={value.keypair}
              onChange={set('keypair')}
            />
          )}
        </Field>
        <Field label="State">
          {(p) => (
            <select {...p} className="select" value={value.state} onChange={set('state')}>
              <option value="">Any</option>
              {REQUEST_STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From">
          {(p) => <input {...p} className="input" type="datetime-local" value={value.from} onChange={set('from')} />}
        </Field>
        <Field label="To">
          {(p) => <input {...p} className="input" type="datetime-local" value={value.to} onChange={set('to')} />}
        </Field>
        <Field label="Show">
          {(p) => (
            <select {...p} className="select" value={value.event} onChange={set('event')}>
              <option value="settled">Finished requests</option>
              <option value="arrived">Arrivals</option>
              <option value="decided">Decisions</option>
              <option value="result">Script results</option>
            </select>
          )}
        </Field>
        <div className="filter-reset">
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(EMPTY_FILTERS)}>
            Clear filters
          </button>
        </div>
      </form>
    </search>
  );
}
