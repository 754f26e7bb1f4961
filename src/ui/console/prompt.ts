/** The prompt a root shell on the device shows (Debian's default PS1 for root, in /root). */
export function prompt(device: string): string {
  return `root@${device}:~# `;
}
