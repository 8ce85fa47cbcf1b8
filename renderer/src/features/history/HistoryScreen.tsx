/** The audit log: checked for tampering, searchable and filterable, refreshed as decisions happen, exportable with its proof. */
import { useEffect, useMemo, useState } from 'react';
import type { AuditEntry, ContactView } from '../../../../shared/ipc/schemas';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { downloadText } from '../../lib/download';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { AuditIntegrity } from './AuditIntegrity';
import { EMPTY_FILTERS, type FilterValues, HistoryFilters, toQuery } from './HistoryFilters';
import { HistoryTable } from './HistoryTable';
import './history.css';

const PAGE = 200;

export function HistoryScreen() {
  const { seq } = useSnapshot();
  const [filters, setFilters] = useState<FilterValues>(EMPTY_FILTERS);
  const [debounced, setDebounced] = useState(filters);
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<{ entries: AuditEntry[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useMemo(() => toQuery(debounced, PAGE, offset), [debounced, offset]);
  const [contacts, setContacts] = useState<ContactView[]>([]);

  // The contact filter lists the named requesters; naming one pushes a snapshot, so seq re-reads them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: seq is the trigger, not an input
  useEffect(() => {
    let live = true;
    wallet.contactList().then((r) => {
      if (live && r.ok) setContacts(r.value);
    });
    return () => {
      live = false;
    };
  }, [seq]);

  useEffect(() => {
    const t = setTimeout(() => {
      setDebounced(filters);
      setOffset(0);
    }, 250);
    return () => clearTimeout(t);
  }, [filters]);

  // Re-query when the filters change and whenever main's state moves on (a decision may have been logged).
  // biome-ignore lint/correctness/useExhaustiveDependencies: seq is the trigger, not an input
  useEffect(() => {
    let live = true;
    wallet.auditQuery(query).then((r) => {
      if (!live) return;
      if (r.ok) {
        setResult(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [query, seq]);

  const exporter = useAction(async (format: 'json' | 'csv') => {
    const file = await unwrap(wallet.auditExport({ format, query: { ...query, offset: 0, limit: 10_000 } }));
    downloadText(file.filename, file.mime, file.content);
    return true;
  });

  return (
    <div className="page">
      <div className="page-inner page-inner-wide">
        <PageHeader
          title="History"
          subtitle="Every request and what became of it, from the tamper-evident audit log."
          actions={
            <>
              <button type="button" className="btn" disabled={exporter.pending} onClick={() => exporter.run('json')}>
                <Icon name="download" /> Export JSON
              </button>
              <button type="button" className="btn" disabled={exporter.pending} onClick={() => exporter.run('csv')}>
                <Icon name="download" /> Export CSV
              </button>
            </>
          }
        />
        <div className="stack-lg">
          <AuditIntegrity />
          <HistoryFilters value={filters} onChange={setFilters} contacts={contacts} />
          <ErrorNotice error={error ?? exporter.error} />
          {result && (
            <p className="muted small" role="status">
              {result.total <= PAGE
                ? `${result.total} entr${result.total === 1 ? 'y' : 'ies'}`
                : `Entries ${offset + 1}–${offset + result.entries.length} of ${result.total}`}
            </p>
          )}
          {result && result.entries.length === 0 ? (
            <div className="card">
              <EmptyState icon="clock" title="Nothing here yet">
                <p>Decisions on requests are recorded here as they happen.</p>
              </EmptyState>
            </div>
          ) : (
            result && <HistoryTable entries={result.entries} />
          )}
          {result && result.total > PAGE && (
            <nav className="row" aria-label="Pages" style={{ justifyContent: 'flex-end' }}>
              <button
                type="button"
                className="btn btn-sm"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Newer
              </button>
              <button
                type="button"
                className="btn btn-sm"
                disabled={offset + PAGE >= result.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Older
              </button>
            </nav>
          )}
        </div>
      </div>
    </div>
  );
}
