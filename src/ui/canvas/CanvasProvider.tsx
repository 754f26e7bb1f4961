/** React Flow's provider around the whole workbench, so dialogs can ask the canvas for an image. */
import { ReactFlowProvider } from '@xyflow/react';
import type { ReactNode } from 'react';

export function CanvasProvider({ children }: { readonly children: ReactNode }) {
  return <ReactFlowProvider>{children}</ReactFlowProvider>;
}
