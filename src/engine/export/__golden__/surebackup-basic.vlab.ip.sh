#!/bin/bash
# natlab: device vlab (appliance) of lab "SureBackup basic virtual lab" as ip and sysctl commands
# run as root on the device (or: ip netns exec NS bash THIS); its interfaces must exist already
# interfaces in the lab: eth0 02:00:00:05:00:02 (segment prod), eth1 02:00:00:05:00:03 (segment iso)
set -euo pipefail

# links
ip link set dev lo up
ip link set dev eth0 up
ip link set dev eth1 up

# addresses, in the order they were added
ip addr add 192.168.149.50/24 dev eth0
ip addr add 192.168.149.2/24 dev eth1 noprefixroute

# sysctls that differ from a fresh network namespace
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.conf.all.arp_ignore=1
sysctl -w net.ipv4.conf.eth0.accept_local=1

# policy rules
ip rule add pref 32765 fwmark 0x2/0x2 lookup 2

# routes, in the order they were added
ip route add default via 192.168.149.2 dev eth0 scope global
ip route add 192.168.149.0/24 dev eth1 table 2 scope link
