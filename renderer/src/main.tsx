// Base styles first, so each feature's CSS (imported with its components) can refine them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/surfaces.css';
import './styles/layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppInfo } from '../../shared/ipc/schemas';
import { App } from './App';
import { createSnapshotMirror } from './store/snapshot-mirror';
import { StoreContext } from './store/store-context';
import { onTransportState, unwrap, wallet } from './wallet-client';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const mirror = createSnapshotMirror(wallet);
let info: Promise<AppInfo> | null = null;
/** app:info once; a failure is forgotten so the next reader asks again. */
const appInfo = () => {
  info ??= unwrap(wallet.appInfo()).catch((e) => {
    info = null;
    throw e;
  });
  return info;
};

// After the browser host's socket drops and returns, main may have moved on (or restarted): re-read.
let seenOpen = false;
onTransportState((state) => {
  if (state !== 'open') return;
  if (seenOpen) void mirror.resync();
  seenOpen = true;
});
void mirror.start();

createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={{ mirror, appInfo }}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
