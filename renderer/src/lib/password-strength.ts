/**
 * A password strength hint. Not a gate (the core decides what it accepts): an estimate of guessing
 * effort from length and character variety, discounted for repeats, sequences and common words.
 */
export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  level: StrengthLevel;
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong';
  /** What would make it stronger, or why it is good. */
  hint: string;
  /** Rough bits of guessing effort. */
  bits: number;
}

const COMMON = [
  'password',
  'passw0rd',
  'qwerty',
  'letmein',
  'welcome',
  'admin',
  'wallet',
  'secret',
  'iloveyou',
  'monkey',
  'dragon',
  '123456',
  'abc123',
];
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiopasdfghjklzxcvbnm'];

/** Size of the alphabet the password draws from: lower, upper, digits, symbols, other scripts. */
function poolSize(pw: string): number {
  let pool = 0;
  if (/[a-z]/.test(pw)) pool += 26;
  if (/[A-Z]/.test(pw)) pool += 26;
  if (/[0-9]/.test(pw)) pool += 10;
  if (/[^a-zA-Z0-9\s\p{L}]/u.test(pw)) pool += 33;
  if (/\s/.test(pw)) pool += 1;
  if (/[^\p{ASCII}]/u.test(pw)) pool += 100;
  return Math.max(pool, 1);
}

/** Characters that add little: repeats of the previous char and steps along a common sequence. */
function predictableChars(pw: string): number {
  const lower = pw.toLowerCase();
  let n = 0;
  for (let i = 1; i < lower.length; i++) {
    const pair = lower.slice(i - 1, i + 1);
    if (lower[i] === lower[i - 1] || SEQUENCES.some((s) => s.includes(pair))) n++;
  }
  return n;
}

export function passwordStrength(pw: string): Strength {
  if (pw.length < 8) {
    return {
      level: 0,
      label: 'Too short',
      hint: 'Use at least 12 characters; a few unrelated words work well.',
      bits: 0,
    };
  }
  const perChar = Math.log2(poolSize(pw));
  const effective = pw.length - predictableChars(pw) * 0.75;
  let bits = effective * perChar;
  const lower = pw.toLowerCase();
  if (COMMON.some((w) => lower.includes(w))) bits = Math.min(bits, 24);
  const words = pw
    .trim()
    .split(/[\s\-_.]+/)
    .filter((w) => w.length >= 3);
  if (words.length >= 4) bits = Math.max(bits, words.length * 11);
  if (bits < 36)
    return { level: 1, label: 'Weak', hint: 'Easy to guess. Make it longer or add unrelated words.', bits };
  if (bits < 56) return { level: 2, label: 'Fair', hint: 'Could be guessed offline. Longer is better.', bits };
  if (bits < 76) return { level: 3, label: 'Good', hint: 'Solid. A few more characters make it strong.', bits };
  return { level: 4, label: 'Strong', hint: 'Hard to guess. Store it somewhere safe.', bits };
}
