// The wallet's operational figures: one observer of the queue and connections, served as Prometheus text.
export { metricsFigures } from './figures';
export { serveMetrics } from './metrics-server';
export { type ConnectionReading, type ConnectionSource, endpointLabel, WalletMetrics } from './wallet-metrics';
