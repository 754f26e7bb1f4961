/**
 * The Console tab: a terminal on the selected device (or the one picked in the tab), answering as the
 * kernel's own tools do.
 */
import { useState } from 'react';
import { useDerived, useLab } from '../app/lab-hooks.ts';
import { ConsolePanel } from './ConsolePanel.tsx';

export default function ConsoleTab() {
  const { network } = useDerived();
  const selected = useLab((s) => s.selection.nodes[0]);
  const ids = network?.devices.map((d) => d.id) ?? [];
  const [picked, setPicked] = useState<string>();
  const device =
    picked && ids.includes(picked) ? picked : selected && ids.includes(selected) ? selected : ids[0];
  return (
    <ConsolePanel
      network={network}
      deviceIds={ids}
      {...(device ? { device } : {})}
      onDeviceChange={setPicked}
    />
  );
}
