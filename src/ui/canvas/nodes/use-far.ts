import { createContext, useContext } from 'react';

/** Below this zoom, cards draw as plain shapes (much less DOM to paint at 500+ nodes). */
export const FAR_ZOOM = 0.45;

/**
 * Whether the canvas is zoomed out past {@link FAR_ZOOM}. The canvas subscribes to the zoom once and
 * provides the answer, so a pan or zoom frame does not run one store selector per card and link.
 */
export const FarContext = createContext(false);

export function useFar(): boolean {
  return useContext(FarContext);
}
