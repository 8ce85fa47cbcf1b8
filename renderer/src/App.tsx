import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/ipc/schemas';
import { wallet } from './wallet-client';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    wallet.appInfo().then((r) => (r.ok ? setInfo(r.value) : setError(r.error.message)));
  }, []);
  return (
    <main>
      <h1>Signing Wallet</h1>
      {error && <p role="alert">{error}</p>}
      {info && (
        <p>
          {info.name} {info.version} on {info.platform} — keys in {info.secretStore.description}
        </p>
      )}
    </main>
  );
}
