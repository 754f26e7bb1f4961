/** Placeholder mount point, replaced by the real dialog. */
import { Dialog } from '../components/Dialog.tsx';

export function SavedLabsDialog({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="SavedLabsDialog" onClose={onClose}>
      <p>…</p>
    </Dialog>
  );
}
