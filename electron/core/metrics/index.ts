// The wallet's operational figures: one observer of the queue and connections, served as Prometheus text.
export { metricsFigures } from './figures';
export { type Health, healthOf, METRICS_HOST, type MetricsServer, serveMetrics } from './metrics-server';
export {
  CONNECTION_STATES,
  type ConnectionReading,
  type ConnectionSource,
  type ConnectionState,
  DECIDERS,
  type Decider,
  deciderOf,
  endpointLabel,
  type RequestOutcome,
  WalletMetrics,
} from './wallet-metrics';
