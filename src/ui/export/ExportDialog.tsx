/** Placeholder mount point, replaced by the real dialog. */
import { Dialog } from '../components/Dialog.tsx';

export function ExportDialog({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="ExportDialog" onClose={onClose}>
      <p>…</p>
    </Dialog>
  );
}
