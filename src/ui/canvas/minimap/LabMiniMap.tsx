/**
 * The minimap: every card and network bar as a small shape, and the part of the lab in view. React
 * Flow's own minimap runs one store selector per node on every pan frame (3 000 on a big lab); this
 * one paints the shapes on a canvas only when the canvas model changes, and moves the view frame from
 * one store subscription that writes the SVG path directly (no React render per frame). Press or
 * drag in it to look there; the wheel zooms.
 */
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { NodeVm } from '../../../state/canvas-model.ts';
import {
  boundsOf,
  colorOf,
  fitInto,
  MINIMAP_HEIGHT as H,
  MINIMAP_WIDTH as W,
  shapeOf,
  toFlow,
  viewMask,
} from './geometry.ts';

export const LabMiniMap = memo(function LabMiniMap({ nodes }: { readonly nodes: readonly NodeVm[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const mask = useRef<SVGPathElement>(null);
  const store = useStoreApi();
  const flow = useReactFlow();
  const fit = useMemo(() => fitInto(boundsOf(nodes)), [nodes]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = W * dpr;
    el.height = H * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    for (const n of nodes) {
      const b = shapeOf(n);
      ctx.fillStyle = colorOf(n);
      const w = Math.max(1, b.width * fit.scale);
      const h = Math.max(1, b.height * fit.scale);
      ctx.fillRect(fit.dx + b.x * fit.scale, fit.dy + b.y * fit.scale, w, h);
    }
  }, [nodes, fit]);

  useEffect(() => {
    let last = '';
    const draw = (s: ReactFlowState) => {
      const d = viewMask(fit, s.transform, s);
      if (d !== last) mask.current?.setAttribute('d', (last = d));
    };
    draw(store.getState());
    return store.subscribe(draw);
  }, [store, fit]);

  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      void flow.zoomTo(store.getState().transform[2] * Math.pow(2, -e.deltaY * 0.002));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [flow, store]);

  const lookAt = (e: PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (!r.width || !r.height) return;
    const p = toFlow(fit, ((e.clientX - r.left) * W) / r.width, ((e.clientY - r.top) * H) / r.height);
    void flow.setCenter(p.x, p.y, { zoom: store.getState().transform[2] });
  };
  return (
    <Panel position="bottom-right" className="react-flow__minimap lab-minimap" data-testid="minimap">
      <canvas ref={canvas} className="lab-minimap__shapes" style={{ width: W, height: H }} />
      <svg
        ref={svg}
        className="lab-minimap__view"
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Minimap"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          lookAt(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) lookAt(e);
        }}
      >
        <path ref={mask} className="react-flow__minimap-mask" fillRule="evenodd" />
      </svg>
    </Panel>
  );
});
