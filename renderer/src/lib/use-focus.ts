/** Focus management: put the keyboard where the user will type next when a form appears. */
import { useEffect, useRef } from 'react';

/** A ref whose element takes focus once it mounts (when `enabled`). */
export function useFocusOnMount<T extends HTMLElement>(enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [enabled]);
  return ref;
}
