/** Whether the audit log's chain and signatures check out, checked by the core when History opens or on request. */
import { useCallback, useEffect, useState } from 'react';
import type { AuditVerification } from '../../../../shared/ipc/schemas';
import { Notice } from '../../components/Notice';
import { unwrap, wallet } from '../../wallet-client';

export function AuditIntegrity() {
  const [report, setReport] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const check = useCallback(async () => {
    setChecking(true);
    try {
      setReport(await unwrap(wallet.auditVerify()));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const again = (
    <button type="button" className="btn btn-sm" disabled={checking} onClick={() => void check()}>
      Check again
    </button>
  );
  if (error)
    return (
      <Notice tone="warning">
        The log could not be checked: {error} {again}
      </Notice>
    );
  if (!report) return null;
  if (!report.ok && report.break) {
    const b = report.break;
    return (
      <Notice tone="danger">
        <strong>Log broken</strong> at {b.file} line {b.line}
        {b.seq === null ? '' : ` (seq ${b.seq})`}: {b.problem} {again}
      </Notice>
    );
  }
  return (
    <Notice tone="success">
      <strong>Log verified</strong>: {report.entries} entries chained
      {report.signedSeq === null
        ? ', none signed yet'
        : `, signed through seq ${report.signedSeq}${report.keyFingerprint ? ` by audit key ${report.keyFingerprint}` : ''}`}
      {report.unsignedTail > 0 ? ` (${report.unsignedTail} newer are signed at the next checkpoint or export)` : ''}.
      Exports carry the proof. {again}
    </Notice>
  );
}
