/**
 * The lab canvas (React Flow, controlled by the document): networks, machines and proxy appliances
 * from the canvas model; drags move layout (one history step per drag), connections plug interfaces
 * into networks, selection goes to the store. Nothing here computes network behaviour.
 */
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type FinalConnectionState,
  type NodeChange,
  type EdgeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { createCanvasModel, problemsByOwner } from '../../state/canvas-model.ts';
import type { PaletteKind } from '../../state/commands/add.ts';
import { NEW_INTERFACE } from '../../state/commands/connect.ts';
import type { Move } from '../../state/commands/layout.ts';
import type { Selection } from '../../state/selection.ts';
import { useActions, useDerived, useLab, useLabStore } from '../app/lab-hooks.ts';
import { useUi } from '../app/ui-state.ts';
import { PALETTE_MIME, setCanvasBridge } from './bridge.ts';
import { DropEdge } from './edges/DropEdge.tsx';
import { ApplianceNode } from './nodes/ApplianceNode.tsx';
import { DeviceNode } from './nodes/DeviceNode.tsx';
import { NetworkNode } from './nodes/NetworkNode.tsx';
import { newFlowCache, toFlowEdges, toFlowNodes, type LabNode, type LinkEdge } from './to-flow.ts';
import { useAutoLayout } from './use-auto-layout.ts';
import { NodeMenu, type MenuAt } from './NodeMenu.tsx';
import { FAR_ZOOM, FarContext } from './nodes/use-far.ts';
import { LabMiniMap } from './minimap/LabMiniMap.tsx';
import { PacketOverlay } from './packet/PacketOverlay.tsx';
import { playback, usePlayback } from '../trace/playback.ts';
import './canvas.css';

const nodeTypes = { network: NetworkNode, device: DeviceNode, appliance: ApplianceNode };
const edgeTypes = { drop: DropEdge };
/** Above this many items, React Flow renders only what is in view (toolchain.md §5). */
const CULL_ABOVE = 500;
/** Fit view leaves room at the top for the trace bar that floats over the canvas. */
const FIT_PADDING = { top: '64px', right: 0.12, bottom: 0.12, left: 0.12 } as const;
const FIT_OPTIONS = { padding: FIT_PADDING };
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];
const PRO_OPTIONS = { hideAttribution: true };

export default function Canvas() {
  const doc = useLab((s) => s.doc);
  const session = useLab((s) => s.session);
  const selection = useLab((s) => s.selection);
  const derived = useDerived();
  const act = useActions();
  const store = useLabStore();
  const flow = useReactFlow<LabNode, LinkEdge>();
  const theme = useUi((s) => s.theme);
  const [measured, setMeasured] = useState(() => new Map<string, { width: number; height: number }>());
  const [cache] = useState(newFlowCache);
  const [modelOf] = useState(createCanvasModel);
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const dragging = useRef(false);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const picking = usePlayback((s) => s.picking);
  const tracing = usePlayback((s) => s.request !== null);

  const problems = useMemo(() => problemsByOwner(derived.diagnostics), [derived.diagnostics]);
  const model = useMemo(
    () => modelOf({ doc, ...(derived.expanded ? { expanded: derived.expanded } : {}), problems }),
    [modelOf, doc, derived.expanded, problems],
  );
  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const nodes = useMemo(
    () => toFlowNodes(model.nodes, selectedNodes, measured, cache),
    [model.nodes, selectedNodes, measured, cache],
  );
  const edges = useMemo(
    () => toFlowEdges(model.links, selectedEdges, cache),
    [model.links, selectedEdges, cache],
  );

  useAutoLayout(model.unplaced, doc);

  useEffect(() => {
    setCanvasBridge({
      center: () => {
        const el = document.querySelector('.react-flow');
        const r = el?.getBoundingClientRect();
        return r
          ? flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 })
          : { x: 0, y: 0 };
      },
      fitView: () => void flow.fitView({ padding: FIT_PADDING, duration: 200 }),
    });
    return () => setCanvasBridge(null);
  }, [flow]);

  // React Flow reports selection as changes (click, Shift/Ctrl-click, box select); the store owns it.
  const select = useCallback(
    (picks: readonly { id: string; selected: boolean }[], kind: 'nodes' | 'edges') => {
      const cur = store.getState().selection;
      const set = new Set(cur[kind]);
      for (const p of picks) {
        if (p.selected) set.add(p.id);
        else set.delete(p.id);
      }
      const next = [...set];
      const other = kind === 'nodes' ? 'edges' : 'nodes';
      const keepField =
        kind === 'nodes' && cur.field !== undefined && next.length === 1 && next[0] === cur.nodes[0];
      act.select({
        [kind]: next,
        [other]: picks.some((p) => p.selected) ? [] : cur[other],
        ...(keepField ? { field: cur.field } : {}),
      } as unknown as Selection);
    },
    [act, store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<LabNode>[]) => {
      const moves: Move[] = [];
      let ended = false;
      const picks = changes.filter((c) => c.type === 'select');
      if (picks.length) select(picks, 'nodes');
      let dims: Map<string, { width: number; height: number }> | undefined;
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          moves.push({ id: c.id, x: c.position.x, y: c.position.y });
          if (c.dragging === false) ended = true;
        } else if (c.type === 'position' && c.dragging === false) ended = true;
        else if (c.type === 'dimensions' && c.dimensions) {
          // a card scrolled back into view is measured again: same size, nothing to redo
          const was = (dims ?? measured).get(c.id);
          if (was?.width === c.dimensions.width && was.height === c.dimensions.height) continue;
          dims ??= new Map(measured);
          dims.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
        }
      }
      if (dims) setMeasured(dims);
      if (moves.length && !ended) {
        if (!dragging.current) {
          dragging.current = true;
          act.dragStart();
        }
        act.dragMove(moves);
      }
      if (ended) {
        dragging.current = false;
        act.dragEnd(moves);
      }
    },
    [act, measured, select],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.source || !c.target) return;
      act.connect(c.source, handleToIfname(c.sourceHandle), c.target);
    },
    [act],
  );

  // A drop anywhere on a network bar connects too (not only on its edge handles).
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode) return;
      const p = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!p) return;
      const target = document
        .elementsFromPoint(p.clientX, p.clientY)
        .map((el) => el.closest('.react-flow__node-network'))
        .find((el): el is HTMLElement => el instanceof HTMLElement);
      const segment = target?.dataset.id;
      if (segment) act.connect(state.fromNode.id, handleToIfname(state.fromHandle?.id ?? null), segment);
    },
    [act],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<LinkEdge>[]) => {
      const picks = changes.filter((c) => c.type === 'select');
      if (picks.length) select(picks, 'edges');
    },
    [select],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME) as PaletteKind;
      if (!kind) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      act.add(kind, { x: at.x - 20, y: at.y - 20 });
    },
    [act, flow],
  );

  const onPaneClick = useCallback(() => act.select({ nodes: [], edges: [] }), [act]);
  const onNodeClick = useCallback((_: unknown, n: LabNode) => {
    if (n.type !== 'network' && playback.getState().picking) playback.getState().picked(n.id);
  }, []);
  const onNodeContextMenu = useCallback(
    (e: ReactMouseEvent, n: LabNode) => {
      if (n.type === 'network') return;
      e.preventDefault();
      const other = store.getState().selection.nodes.find((id) => id !== n.id);
      setMenu({ x: e.clientX, y: e.clientY, id: n.id, ...(other ? { other } : {}) });
    },
    [store],
  );

  // Fit the view to a lab when it is opened, not when the first item lands on an empty canvas.
  const [fit, setFit] = useState({ session, fit: nodes.length > 0 });
  if (fit.session !== session) setFit({ session, fit: nodes.length > 0 });
  const colorMode = theme === 'system' ? 'system' : theme;
  const empty = doc.segments.length === 0 && doc.devices.length === 0 && !doc.virtualLabs?.length;
  return (
    <div
      className={`canvas${picking ? ' is-picking' : ''}${far ? ' is-far' : ''}`}
      data-testid="canvas"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
      onPointerDown={capturePan}
      onKeyDown={(e) => {
        // Tab reaches the cards; Enter or Space selects the focused one (Shift/Ctrl adds to the selection)
        const el =
          e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('.react-flow__node') : null;
        if (!el?.dataset.id || (e.key !== 'Enter' && e.key !== ' ')) return;
        e.preventDefault();
        const id = el.dataset.id;
        const cur = store.getState().selection.nodes;
        act.selectNodes(e.shiftKey || e.ctrlKey || e.metaKey ? [...cur.filter((n) => n !== id), id] : [id]);
      }}
    >
      <FarContext.Provider value={far}>
        <ReactFlow<LabNode, LinkEdge>
          key={session}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onPaneClick={onPaneClick}
          onNodeClick={onNodeClick}
          onNodeContextMenu={onNodeContextMenu}
          deleteKeyCode={null}
          disableKeyboardA11y
          colorMode={colorMode}
          fitView={fit.fit}
          fitViewOptions={FIT_OPTIONS}
          minZoom={0.1}
          maxZoom={2.5}
          connectionRadius={28}
          onlyRenderVisibleElements={nodes.length > CULL_ABOVE}
          proOptions={PRO_OPTIONS}
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
        >
          {/* zoomed out, the dots would be under a pixel apart: not drawn (cheaper pans) */}
          {!far && <Background gap={20} size={1} />}
          <Controls showInteractive={false} />
          {/* while a packet is watched its lane pops out beside the card: the minimap would cover it */}
          {!tracing && <LabMiniMap nodes={model.nodes} />}
          <PacketOverlay />
        </ReactFlow>
      </FarContext.Provider>
      {menu && <NodeMenu at={menu} onClose={() => setMenu(null)} />}
      {empty && (
        <div className="canvas__empty" data-testid="canvas-empty">
          <strong>An empty lab</strong>
          <span>
            Drag a production network from the palette, or start with <em>New virtual lab</em> — the wizard
            draws the appliance, the isolated networks and the masquerade networks for you.
          </span>
        </div>
      )}
    </div>
  );
}

/**
 * A press on the empty pane (a pan) captures the pointer: the browser then skips hit-testing the
 * thousands of cards and links under every move of the pan (~10 ms a move on a 3 000-node lab).
 */
function capturePan(e: ReactPointerEvent<HTMLDivElement>) {
  const t = e.target;
  if (e.button === 0 && t instanceof Element && t.classList.contains('react-flow__pane'))
    t.setPointerCapture?.(e.pointerId);
}

function handleToIfname(handle: string | null | undefined): string {
  if (!handle || handle === NEW_INTERFACE) return NEW_INTERFACE;
  return handle.startsWith('if:') ? handle.slice(3) : handle;
}
