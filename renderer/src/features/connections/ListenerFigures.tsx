/** The listener's figures since start, one line under the connections (the operator's /metrics, in short). */
import { useEffect, useState } from 'react';
import type { MetricsView } from '../../../../shared/ipc/schemas';
import { useSnapshot } from '../../store/store-context';
import { wallet } from '../../wallet-client';
import { figureParts } from './listener-figures';

/** Counters move without a snapshot (a policy may settle a request at once), so they are also polled. */
const REFRESH_MS = 5_000;

export function ListenerFigures() {
  const { seq } = useSnapshot();
  const [figures, setFigures] = useState<MetricsView | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: seq and tick are triggers, not inputs
  useEffect(() => {
    let live = true;
    wallet.metricsGet().then((r) => {
      if (live && r.ok) setFigures(r.value);
    });
    return () => {
      live = false;
    };
  }, [seq, tick]);

  if (!figures) return null;
  return (
    <p className="listener-figures muted small" data-testid="listener-figures">
      <span className="visually-hidden">Since the wallet started: </span>
      {figureParts(figures).join(' · ')}
    </p>
  );
}
