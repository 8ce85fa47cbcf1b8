/**
 * The pending requests, newest first, virtualised: only the cards near the viewport are in the DOM,
 * so a thousand pending requests render and scroll like ten. Cards vary in height and are measured.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { PendingRequestView } from '../../../../shared/ipc/schemas';
import { RequestCard } from './RequestCard';

const GAP = 14;

export function RequestList({ requests }: { requests: PendingRequestView[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [decided, setDecided] = useState<{ id: string; index: number } | null>(null);
  const virtualizer = useVirtualizer({
    count: requests.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 360,
    overscan: 3,
    gap: GAP,
    getItemKey: (i) => requests[i]?.id ?? i,
  });

  // After a decision, keep the keyboard where it was: once the decided card has left the list (the
  // snapshot may come before or after the call's answer), focus the card that took its place.
  useEffect(() => {
    if (!decided || requests.some((r) => r.id === decided.id)) return;
    setDecided(null);
    if (requests.length === 0) return;
    const target = Math.min(decided.index, requests.length - 1);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"] article`)?.focus();
    });
  }, [decided, requests, virtualizer]);

  const items = virtualizer.getVirtualItems();
  return (
    <div ref={scrollRef} className="request-scroll">
      <div className="request-feed-wrap">
        <div
          role="feed"
          aria-label="Pending requests"
          aria-busy="false"
          className="request-feed"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const request = requests[item.index];
            if (request === undefined) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="request-slot"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <RequestCard
                  request={request}
                  position={item.index + 1}
                  total={requests.length}
                  onDecided={() => setDecided({ id: request.id, index: item.index })}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
