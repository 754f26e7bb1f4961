/** Playback glyphs as SVG (the UI font has no media-control characters). */
const P = { width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': true, fill: 'currentColor' } as const;

/** |◀◀ to the start */
export const IconStart = () => (
  <svg {...P}>
    <rect x="1" y="2" width="2" height="10" />
    <path d="M8 2v10L3 7zM13 2v10L8 7z" />
  </svg>
);
/** |◀ one step back */
export const IconBack = () => (
  <svg {...P}>
    <rect x="2" y="2" width="2" height="10" />
    <path d="M11 2v10L4 7z" />
  </svg>
);
export const IconPlay = () => (
  <svg {...P}>
    <path d="M3 2v10l9-5z" />
  </svg>
);
export const IconPause = () => (
  <svg {...P}>
    <rect x="3" y="2" width="3" height="10" />
    <rect x="8" y="2" width="3" height="10" />
  </svg>
);
/** ▶| one step forward */
export const IconForward = () => (
  <svg {...P}>
    <path d="M3 2v10l7-5z" />
    <rect x="10" y="2" width="2" height="10" />
  </svg>
);
/** ▶▶| to the end */
export const IconEnd = () => (
  <svg {...P}>
    <path d="M1 2v10l5-5zM6 2v10l5-5z" />
    <rect x="11" y="2" width="2" height="10" />
  </svg>
);
