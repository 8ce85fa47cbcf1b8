// SigSocket protocol: dialects, frame codecs for both ends, and the byte encodings they share.
export * from './encoding';
export * from './proof';
export * from './protocol';
export * from './server-frames';
export * from './wallet-frames';
