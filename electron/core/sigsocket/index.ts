// The wallet's SigSocket client: one SigsocketClient per configured server connection.
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../../../shared/backoff';
export type {
  SigsocketClientOptions,
  SigsocketDecision,
  SigsocketHandler,
  SigsocketRequest,
  SigsocketStatus,
} from './options';
export { SigsocketClient } from './sigsocket-client';
