/** Where requests come from: SigSocket servers and the NATS listener, with live status. */
import { PageHeader } from '../../components/PageHeader';
import { KnownRequestersPanel } from '../contacts/KnownRequestersPanel';
import { ListenerFigures } from './ListenerFigures';
import { NatsPanel } from './NatsPanel';
import { SigsocketPanel } from './SigsocketPanel';
import './connections.css';

export function ConnectionsScreen() {
  return (
    <div className="page">
      <div className="page-inner">
        <PageHeader title="Connections" subtitle="Every request from these arrives in the one approval queue." />
        <div className="stack-lg">
          <ListenerFigures />
          <SigsocketPanel />
          <NatsPanel />
          <KnownRequestersPanel />
        </div>
      </div>
    </div>
  );
}
