/** The header row of a mark bit grid (bit numbers, high to low, a gap every nibble), shared by the grids. */

import { nibbleClass } from './nibble.ts';

export function BitGridHead({ bits }: { readonly bits: readonly { readonly bit: number }[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">bit</th>
        {bits.map((b) => (
          <th scope="col" key={b.bit} className={nibbleClass(b.bit)}>
            {b.bit}
          </th>
        ))}
        <th scope="col">hex</th>
      </tr>
    </thead>
  );
}
