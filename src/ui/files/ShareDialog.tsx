/** Placeholder mount point, replaced by the real dialog. */
import { Dialog } from '../components/Dialog.tsx';

export function ShareDialog({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="ShareDialog" onClose={onClose}>
      <p>…</p>
    </Dialog>
  );
}
