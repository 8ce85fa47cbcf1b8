// Reading elements a test's fixture must have: a missing one fails the test by index, not as a TypeError on undefined.

/** list[index], counting from the end when index is negative; throws when the list has no such element. */
export function at<T>(list: ArrayLike<T>, index: number): T {
  const i = index < 0 ? list.length + index : index;
  if (i < 0 || i >= list.length) throw new Error(`expected an element at index ${index}, the length is ${list.length}`);
  return list[i] as T;
}

/** The capture group `group` of a regex match; throws when the match is null or the group did not take part. */
export function captured(match: RegExpExecArray | RegExpMatchArray | null, group = 1): string {
  if (match === null) throw new Error('expected the pattern to match');
  const text = match[group];
  if (text === undefined) throw new Error(`expected capture group ${group} to take part in the match`);
  return text;
}
