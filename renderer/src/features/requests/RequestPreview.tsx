/** What would be signed, as the core decoded it: text, JSON or hex, its size and SHA-256, and the opaque-payload warning. */
import type { PendingRequestView } from '../../../../shared/ipc/schemas';
import { CopyButton } from '../../components/CopyButton';
import { Notice } from '../../components/Notice';
import { formatBytes, shortKey } from '../../lib/format';
import { warningsOf } from './request-model';

const KIND_LABEL = { text: 'Text', json: 'JSON', hex: 'Hex' } as const;

export function RequestPreview({ preview, labelId }: { preview: PendingRequestView['preview']; labelId: string }) {
  return (
    <section className="preview" aria-labelledby={labelId}>
      <div className="preview-head">
        <h3 id={labelId} className="preview-title">
          Message
        </h3>
        <span className="badge">{KIND_LABEL[preview.kind]}</span>
        <span className="muted small" title={`${preview.size} bytes`}>
          {formatBytes(preview.size)}
        </span>
        <span className="spacer" />
        <span className="muted small mono" title={preview.sha256}>
          SHA-256 {shortKey(preview.sha256, 10)}
        </span>
        <CopyButton value={preview.sha256} label="Copy SHA-256" />
      </div>
      <pre
        className="preview-body"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
        tabIndex={0}
      >
        {preview.text}
      </pre>
      {preview.truncated && (
        <p className="field-hint">Showing the start of the message; size and SHA-256 cover all {preview.size} bytes.</p>
      )}
      {warningsOf(preview).map((w) => (
        <Notice key={w} tone="warning">
          {w}
        </Notice>
      ))}
    </section>
  );
}
