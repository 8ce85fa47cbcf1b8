// The contract's schemas, one import for its users; each topic's schemas live in their own file.
/*
 * Secrets appear in exactly the flows that need them (creating/importing/revealing a mnemonic,
 * importing a raw key, entering a password); nothing here ever carries key material from main to
 * the renderer otherwise.
 */
export * from './audit-schemas';
export * from './connection-schemas';
export * from './contact-schemas';
export * from './primitives';
export * from './request-schemas';
export * from './wallet-schemas';
