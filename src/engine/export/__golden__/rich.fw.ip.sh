#!/bin/bash
# natlab: device fw (appliance) of lab "exporters: a rich appliance" as ip and sysctl commands
# run as root on the device (or: ip netns exec NS bash THIS); its interfaces must exist already
# interfaces in the lab: eth0 02:00:00:01:00:02 (segment prod), eth1 02:00:00:01:00:03 (segment iso), wan 02:00:00:01:00:04 (segment uplink), v.10 02:00:00:01:00:05 (segment iso), eth2 02:00:00:01:00:06 (unplugged)
set -euo pipefail

# links
ip link set dev lo up
ip link set dev eth0 up
ip link set dev eth1 up
ip link set dev wan up
ip link set dev v.10 up
ip link set dev eth2 up

# addresses, in the order they were added
ip addr add 10.255.0.1/32 dev lo
ip addr add 10.0.0.1/24 dev eth0
ip addr add 10.0.0.2/24 dev eth0
ip addr add 10.0.5.1/16 dev eth0
ip addr add 192.168.1.1/24 dev eth1 noprefixroute
ip addr add 10.9.0.2/30 broadcast 10.9.0.3 dev wan
ip addr add 10.10.0.1/31 dev v.10

# sysctls that differ from a fresh network namespace
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.conf.all.rp_filter=2
sysctl -w net.ipv4.conf.default.arp_ignore=1
sysctl -w net.ipv4.conf.lo.arp_ignore=1
sysctl -w net.ipv4.conf.eth0.forwarding=0
sysctl -w net.ipv4.conf.eth0.arp_ignore=1
sysctl -w net.ipv4.conf.eth1.proxy_arp=1
sysctl -w net.ipv4.conf.eth1.arp_ignore=1
sysctl -w net.ipv4.conf.wan.arp_ignore=1
sysctl -w net.ipv4.conf.v/10.arp_ignore=1
sysctl -w net.ipv4.conf.v/10.src_valid_mark=1
sysctl -w net.ipv4.conf.eth2.arp_ignore=1
sysctl -w net.ipv4.icmp_echo_ignore_all=1
sysctl -w net.ipv4.ip_default_ttl=63

# policy rules
ip rule del pref 32767 lookup 253
ip rule add pref 100 from 10.0.0.0/24 iif eth0 lookup 100
ip rule add pref 200 not to 10.0.0.0/8 unreachable
ip rule add pref 300 ipproto 6 sport 1024 dport 8000-8080 lookup 254
ip rule add pref 400 oif wan goto 500
ip rule add pref 500 nop
ip rule add pref 600 lookup 254 suppress_prefixlength 0
ip rule add pref 700 fwmark 0x6/0xffffffff blackhole
ip rule add pref 32765 fwmark 0x2/0x2 lookup 2

# routes, in the order they were added
ip route add default via 10.9.0.1 dev wan scope global
ip route add 172.16.0.0/12 via 10.0.0.254 dev eth0 scope global
ip route add 10.1.0.0/16 via 10.0.0.254 dev eth0 src 10.0.0.1 metric 100 scope global
ip route add 10.70.0.0/16 via 10.70.0.1 dev wan scope global onlink
ip route add blackhole 10.66.0.0/16 scope global
ip route add unreachable 10.67.0.0/16 metric 7 table 100 scope global
ip route add throw 10.68.0.0/16 table 100 scope global
ip route add prohibit 10.69.0.0/16 scope global
ip route add 192.168.150.0/24 dev eth1 table 2 scope link
ip route add default via 10.9.0.1 dev wan table 253 scope global
ip route add local 10.200.0.1/32 dev lo scope host
ip route add 10.11.0.0/16 dev eth0 scope global

# proxy ARP entries
ip neigh add proxy 10.0.0.77 dev eth0
