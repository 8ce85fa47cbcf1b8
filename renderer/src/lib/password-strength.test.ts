import { describe, expect, it } from 'vitest';
import { passwordStrength } from './password-strength';

describe('password strength hint', () => {
  it('grades from too short to strong', () => {
    expect(passwordStrength('abc').label).toBe('Too short');
    expect(passwordStrength('aaaaaaaa').level).toBe(1);
    expect(passwordStrength('password123').level).toBe(1);
    expect(passwordStrength('abcdefgh12345').level).toBeLessThanOrEqual(2);
    expect(passwordStrength('Tr0ub4dor&3x').level).toBeGreaterThanOrEqual(2);
    expect(passwordStrength('correct horse battery staple').level).toBe(4);
    expect(passwordStrength('k9#Vq2!mZr@8Lw$e').level).toBe(4);
  });

  it('never rates a longer random password below a shorter prefix of it', () => {
    const pw = 'x7#Kq9!mZ2@vL8$wR4';
    for (let i = 9; i < pw.length; i++) {
      expect(passwordStrength(pw.slice(0, i + 1)).bits).toBeGreaterThanOrEqual(passwordStrength(pw.slice(0, i)).bits);
    }
  });
});
