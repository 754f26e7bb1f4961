/** A thin gap before every fourth bit of a bit grid, so hex digits line up with their nibbles. */
export function nibbleClass(bit: number): string {
  return bit % 4 === 3 && bit !== 0 ? ' bit-grid__nibble' : '';
}
