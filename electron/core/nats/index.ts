/** The wallet as a signing service on NATS: what the wallet facade, the CLI and the tests use. */
export { DEFAULT_SUBJECT, type NatsConfig, parseNatsConfig } from './config';
export { DEFAULT_RECONNECT, describeConnectError, isAuthError, type ReconnectPolicy } from './connection';
export { type HandlerOptions, type IncomingRequest, RequestHandler } from './handler';
export {
  MAX_CLOCK_SKEW_MS,
  REQUEST_ID_HEADER,
  REQUESTER_KEY_HEADER,
  REQUESTER_SIGNATURE_HEADER,
  REQUESTER_TIMESTAMP_HEADER,
  type RequesterIdentity,
  requesterSigningBytes,
  signRequest,
  UNVERIFIED,
  verifyRequester,
} from './identity';
export { JSON_OPS, type JsonOp, jsonOpSchema } from './json-ops';
export { endpointSubject, SERVICE_ENDPOINTS, SERVICE_NAME } from './micro';
export type { LogLine, QueuePort, VaultPort } from './ports';
export { SERVICE_ERROR_CODE_HEADER, SERVICE_ERROR_HEADER, WALLET_ERROR_CODE_HEADER } from './replies';
export { claimedNameOf, REQUESTER_NAME_HEADER } from './requester-name';
export { WALLET_FUNCTIONS } from './script-host';
export { DEFAULT_MAX_IN_FLIGHT, NatsSigningService, type NatsSigningServiceOptions } from './service';
