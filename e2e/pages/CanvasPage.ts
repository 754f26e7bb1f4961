import { expect, type Locator, type Page } from '@playwright/test';

/** The React Flow canvas: nodes by id, links, palette drops, connections, drags. */
export class CanvasPage {
  readonly root: Locator;
  readonly edges: Locator;
  readonly linkLabels: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('canvas');
    this.edges = page.locator('.react-flow__edge');
    this.linkLabels = page.getByTestId('link-label');
  }

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  edge(id: string): Locator {
    return this.page.locator(`.react-flow__edge[data-id="${id}"]`);
  }

  /** Drags a palette item onto the canvas, `at` relative to the canvas' top-left corner. */
  async drop(kind: string, at: { x: number; y: number }): Promise<void> {
    await this.page.getByTestId(`palette-${kind}`).dragTo(this.root, { targetPosition: at });
  }

  /** Drags from a node's port (handle id, `+` for a new interface) onto a network bar. */
  async connect(from: string, handle: string, network: string): Promise<void> {
    const node = this.node(from);
    await node.hover();
    const port = node.locator(`[data-handleid="${handle}"]`);
    const a = await port.boundingBox();
    const b = await this.node(network).boundingBox();
    if (!a || !b) throw new Error(`connect ${from}:${handle} → ${network}: not on screen`);
    const m = this.page.mouse;
    await m.move(a.x + a.width / 2, a.y + a.height / 2);
    await m.down();
    const tx = b.x + Math.min(b.width / 2, 120);
    const ty = b.y + b.height / 2;
    await m.move(tx, ty, { steps: 12 });
    await m.up();
  }

  /** Drags a node by `dx`, `dy` screen pixels. */
  async dragNode(id: string, dx: number, dy: number): Promise<void> {
    const box = await this.node(id).boundingBox();
    if (!box) throw new Error(`node ${id} is not on screen`);
    const x = box.x + box.width / 2;
    const y = box.y + 12;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 10 });
    await this.page.mouse.up();
  }

  async select(id: string): Promise<void> {
    await this.node(id).click({ position: { x: 14, y: 10 } });
    await expect(this.node(id)).toHaveClass(/selected/);
  }
}
