/** Line icons for the kinds of lab items (drawn, so every platform shows the same glyphs). */
export type IconKind =
  | 'host'
  | 'backup-server'
  | 'router'
  | 'production-gateway'
  | 'appliance'
  | 'production-network'
  | 'isolated-network';

const PATHS: Record<IconKind, string> = {
  host: 'M3 4h14v9H3z M7 16h6 M10 13v3',
  'backup-server':
    'M4 5c0-1.5 12-1.5 12 0v10c0 1.5-12 1.5-12 0z M4 5c0 1.5 12 1.5 12 0 M4 10c0 1.5 12 1.5 12 0',
  router: 'M3 7h11l-3-3 M17 13H6l3 3',
  'production-gateway': 'M10 3v14 M10 3l-3 3 M10 3l3 3 M4 17h12',
  appliance: 'M10 2l7 3v5c0 4-3 7-7 8-4-1-7-4-7-8V5z M7 10h6 M10 7v6',
  'production-network': 'M2 10h16 M5 10V6 M10 10V6 M15 10V6',
  'isolated-network': 'M2 10h3 M7 10h3 M12 10h3 M17 10h1 M5 10v4 M10 10v4 M15 10v4',
};

export function KindIcon({ kind, size = 18 }: { readonly kind: IconKind; readonly size?: number }) {
  return (
    <svg
      className="kind-icon"
      viewBox="0 0 20 20"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[kind]} />
    </svg>
  );
}
