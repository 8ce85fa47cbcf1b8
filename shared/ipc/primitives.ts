// Primitive schemas the contract's topics share: names users type, passwords, ids, hex keys, times.
import { z } from 'zod';

/** Names users type: letters, digits, space, `_ . -`; 1–64 characters, no control characters. */
export const Name = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(64, 'name is longer than 64 characters')
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'use letters, digits, spaces, "_", "." or "-"');
export const Password = z.string().min(1, 'password is empty').max(1024);
export const HexKey = z.string().regex(/^([0-9a-fA-F]{2})+$/, 'expected hex');
export const Id = z.string().min(1).max(128);
export const Millis = z.number().int().nonnegative();
