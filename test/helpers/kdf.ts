// The one cheap scrypt cost for tests that are not about the KDF; the app and CLI always use DEFAULT_KDF.

/** Cheap scrypt for tests only: fast enough for many unlocks, still a real scrypt round. */
export const TEST_KDF = { N: 2 ** 12, r: 8, p: 1 };
