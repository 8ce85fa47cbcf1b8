/** The wallet as a signing service on NATS: what the wallet facade, the CLI and the tests use. */
export { signRequest } from './identity';
export { REQUESTER_NAME_HEADER } from './requester-name';
export { NatsSigningService, type NatsSigningServiceOptions } from './service';
