/**
 * Why each diagnostic matters in production, with its source. Codes in square brackets are the
 * source list of shared/docs/vlab-reference.md §7 ([V…] Veeam help center, [R0] seed 000, [L…]
 * netfilter man pages); "semantics §N" is shared/docs/netfilter-semantics.md, verified on the kernel.
 */
export const WHY = {
  'VL-01':
    '[V8] Veeam user guide, Proxy Appliance: when the appliance is not in the backup server\'s network "you will have to manually add a new route … on the router", otherwise "tests and application scripts will fail"; the job stops with "Failed to connect to proxy appliance VM using IPv4 address" [V16]. [R0] Dewin: "your Veeam server and your vlab access point (proxy section) are in the same network".',
  'VL-02':
    '[V3] Veeam user guide, IP masquerading: the job adds routes to the masquerade networks on the backup server only; other clients need manual routes, without which their gateway "is not aware of the situation and just drops the packets" [R0].',
  'VL-03':
    '[V12] Veeam user guide, Static IP Mapping: "It is recommended that you assign an access IP from the same subnet where the proxy appliance resides. In the opposite case, you will have to configure routing rules … manually"; users report static mapping failing across VLANs ([R0] comments 1–5, forum thread t16447 "surebackup-static-mapping-does-not-work").',
  'VL-04':
    '[V12] Veeam user guide, Static IP Mapping: the access IP must be "an IP address that is not allocated to any machine yet"; it is added to the appliance\'s production NIC, so a used address gives an ARP conflict, and an isolated IP outside the production network reaches no VM.',
  'VL-05':
    '[R0] Dewin, SureBackup network deep dive: the masquerade network must be "a subnet range that is not being used", and "this mask should be unique in your network to avoid problems": the route to it on the backup server and clients takes traffic meant for the real network, and the NETMAP rule captures it.',
  'VL-06':
    '[R0] the masquerade network needs "the same subnet size" as the production network; NETMAP keeps the host bits of its --to prefix only [L1] (libxt_NETMAP.man), so another size maps several masquerade addresses onto one VM or leaves VMs without one.',
  'VL-07':
    '[V11] Veeam user guide, Network Settings: the vNIC address "typically coincides with the IP address of the gateway" and must equal it for routing between vNICs [V2]; [R0] the appliance "will mimic the default gateway", which is what lab VMs, configured as in production, send to.',
  'VL-08':
    '[V11] Veeam user guide, Network Settings: the appliance\'s vNICs must be in different networks — "such configuration will not work": two connected routes for one prefix send both networks\' packets out of one vNIC.',
  'VL-09': '[V11] Veeam user guide, Network Settings: one vNIC per isolated network and protocol.',
  'VL-10':
    '[V10] Veeam user guide, Isolated Networks: one production network cannot be mapped to several isolated networks; several production networks may share one isolated network only if they have the same masks and IP pools.',
  'VL-11': '[V10] Veeam user guide, Isolated Networks: a virtual lab has at most 9 isolated networks.',
  'VL-12':
    '[V10] Veeam user guide, Isolated Networks (Veeam KB2074): isolated network names may not contain ~`!@#$%^&*+=;\'><|?*:".',
  'VL-13':
    '[V9][V5] Veeam user guide, Networking Mode: basic single-host mode is for labs whose verified VMs, application-group VMs and backup server are all in one production network; it creates one isolated network with automatic settings.',
  'VL-15':
    "[V6] Veeam user guide, advanced multi-host labs: a port group used by two labs is removed with either of them, and a pre-existing port group's VLAN ID must match the isolated network's.",
  'VL-16':
    "[V8][V17] the appliance's internet proxy is HTTP(S) only (port 8080 by default) and VMs must be configured to use it; ICMP and other protocols are not proxied [V19].",
  'VL-17':
    '[V17] Veeam used ports, SureBackup components: the backup server connects to the proxy appliance on TCP 443; without it the lab does not start.',
  'VL-18':
    "[V19] Veeam best practice guide, vPower NFS and Virtual Lab: with the lab's DHCP service, VMs that rely on MAC-bound leases get other addresses unless their MACs are static.",
  'VL-19':
    '[V11] Veeam user guide, Network Settings: the predefined tests (ping, heartbeat, application tests) use one IP address of a VM.',
  'VL-21':
    '[V28] Veeam user guide: the application group starts "DNS > domain controller > verified machine"; [V11] the isolated network\'s DNS setting is what lab VMs resolve with, and a DNS server outside the lab cannot be reached: "there is no routing outside the virtual lab" [V5].',
  'VL-22':
    '[V5] Veeam user guide: "There is no routing outside the virtual lab"; [R0] the isolated network "has no uplinks on vSwitch". Any other way out puts copies of production servers (same addresses, same names) on the production network.',
  'VL-23':
    "[R0] the appliance's policy route (`ip rule fwmark 0x2/0x2 lookup 2`) works because mangle PREROUTING sets mark 0x6 before NAT; a policy rule no MARK can satisfy never applies, so the NETMAPed packets follow the main table back into production (semantics §3–4: `mark = (mark & ~mask) ^ value`, `fwmark` matches when `(mark ^ value) & mask == 0`). [L3] only the first packet of a connection traverses the nat table, and marks set after the routing decision (FORWARD, POSTROUTING, INPUT) cannot steer it (semantics §1.2). [L1] NETMAP is valid in the nat table only, although a widely copied example uses -t mangle [L4].",
  'VL-24':
    "[V8] Veeam user guide, Proxy Appliance: the appliance's production network cannot be changed after the lab is created; [V21] virtual labs must be redeployed after a VBR upgrade.",
  'NF-01':
    "semantics §6 (experiment e02, kernel 6.18): when the isolated copy reuses the production subnet, strict rp_filter (1) on the appliance drops every reply from the isolated side (the reverse lookup of the VM's address points to the production NIC) and ignores the lab VMs' ARP for their gateway; loose (2) or off (0) works. The effective value is max(conf.all, conf.IFACE).",
  'NF-02':
    'semantics §7 (experiment e08): with proxy_arp (or a proxy neighbour) on an isolated-side interface the appliance answers lab VMs\' ARP for production addresses and forwards their packets into production, where the answers reach the production twins: the lab is no longer isolated ([V5] "no routing outside the virtual lab").',
  'NF-03':
    '[L1] libxt_NETMAP.man, net/netfilter/xt_NETMAP.c (semantics §2.3): NETMAP keeps the host bits of the --to prefix only; a match prefix of another size maps several addresses onto one, or leaves part of the network unreachable ([R0]: "the same subnet size").',
  'NF-04':
    "Two hosts answering ARP for one address on one production segment: each sender talks to whichever answered last (docs/engine.md, ARP conflicts on a Linux bridge), so production traffic and the lab's NAT break intermittently; [V12] access IPs must be unallocated for the same reason.",
  'LAB-01':
    'docs/lab-format.md: natlab compiles a lab the way the kernel would accept its commands; a document with errors cannot be simulated, so nothing else can be checked until they are fixed.',
  'LAB-02': 'docs/lab-format.md: the kernel accepts this, but it rarely does what was meant.',
} as const;

export type LintCode = keyof typeof WHY;
