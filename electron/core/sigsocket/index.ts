// The wallet's SigSocket client: one SigsocketClient per configured server connection.
export type { SigsocketDecision, SigsocketRequest, SigsocketStatus } from './options';
export { SigsocketClient } from './sigsocket-client';
