/** Placeholder mount point, replaced by the real dialog. */
import { Dialog } from '../components/Dialog.tsx';

export function NewLabWizard({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="NewLabWizard" onClose={onClose}>
      <p>…</p>
    </Dialog>
  );
}
