/** A QR code drawn as an SVG data URL (the CSP allows data: images); always dark on light for scanners. */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(value, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000', light: '#ffffff' },
    })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [value]);
  if (error) return <p className="field-error">Could not draw the QR code: {error}</p>;
  return src ? (
    <img className="qr" src={src} alt={label} width={size} height={size} />
  ) : (
    <div className="qr qr-placeholder" style={{ width: size, height: size }} aria-hidden="true" />
  );
}
