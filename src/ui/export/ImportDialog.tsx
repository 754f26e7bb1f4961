/** Placeholder mount point, replaced by the real dialog. */
import { Dialog } from '../components/Dialog.tsx';

export function ImportDialog({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="ImportDialog" onClose={onClose}>
      <p>…</p>
    </Dialog>
  );
}
