#!/bin/bash
# shared/kernel-lab/lab-lib.sh's "P=kt- ; lab_up" written out: the same commands
# in the same order, with $P, $NSS, nsx, _mkns, _port and the loops expanded
# (natlab imports no variables or functions).  It builds the worked example:
#
#   kt-vbs  eth0 192.168.149.22/24  (route 192.168.150.0/24 via .50)
#   kt-prod eth0 192.168.149.36/24
#   kt-vlab eth0 192.168.149.50/24  ---- kt-sw1 br0 (production)
#   kt-vlab eth1 192.168.149.2/24   ---- kt-sw2 br0 (isolated)
#   kt-copy eth0 192.168.149.36/24 default via .2

# lab_down (nothing exists yet: every "ip netns del" fails, quietly)
ip netns del kt-vbs 2>/dev/null
ip netns del kt-prod 2>/dev/null
ip netns del kt-vlab 2>/dev/null
ip netns del kt-copy 2>/dev/null
ip netns del kt-sw1 2>/dev/null
ip netns del kt-sw2 2>/dev/null

# lab_topology: _mkns for each of vbs prod vlab copy sw1 sw2
ip netns add kt-vbs
ip netns exec kt-vbs ip link set lo up
ip netns exec kt-vbs sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add kt-prod
ip netns exec kt-prod ip link set lo up
ip netns exec kt-prod sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add kt-vlab
ip netns exec kt-vlab ip link set lo up
ip netns exec kt-vlab sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add kt-copy
ip netns exec kt-copy ip link set lo up
ip netns exec kt-copy sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add kt-sw1
ip netns exec kt-sw1 ip link set lo up
ip netns exec kt-sw1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add kt-sw2
ip netns exec kt-sw2 ip link set lo up
ip netns exec kt-sw2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

# the two switches
ip -n kt-sw1 link add br0 type bridge
# no STP/learning delays: forward immediately
ip -n kt-sw1 link set br0 type bridge stp_state 0 forward_delay 0
ip -n kt-sw1 link set br0 up
# the switches must not run iptables on bridged frames
ip netns exec kt-sw1 sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0 2>/dev/null || true
ip -n kt-sw2 link add br0 type bridge
ip -n kt-sw2 link set br0 type bridge stp_state 0 forward_delay 0
ip -n kt-sw2 link set br0 up
ip netns exec kt-sw2 sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0 2>/dev/null || true

# _port vbs eth0 sw1
ip -n kt-sw1 link add p-vbs-eth0 type veth peer name eth0 netns kt-vbs
ip -n kt-sw1 link set p-vbs-eth0 master br0 up
ip netns exec kt-vbs sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null || true
ip -n kt-vbs link set eth0 up
# _port prod eth0 sw1
ip -n kt-sw1 link add p-prod-eth0 type veth peer name eth0 netns kt-prod
ip -n kt-sw1 link set p-prod-eth0 master br0 up
ip netns exec kt-prod sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null || true
ip -n kt-prod link set eth0 up
# _port vlab eth0 sw1
ip -n kt-sw1 link add p-vlab-eth0 type veth peer name eth0 netns kt-vlab
ip -n kt-sw1 link set p-vlab-eth0 master br0 up
ip netns exec kt-vlab sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null || true
ip -n kt-vlab link set eth0 up
# _port vlab eth1 sw2
ip -n kt-sw2 link add p-vlab-eth1 type veth peer name eth1 netns kt-vlab
ip -n kt-sw2 link set p-vlab-eth1 master br0 up
ip netns exec kt-vlab sysctl -qw net.ipv6.conf.eth1.disable_ipv6=1 2>/dev/null || true
ip -n kt-vlab link set eth1 up
# _port copy eth0 sw2
ip -n kt-sw2 link add p-copy-eth0 type veth peer name eth0 netns kt-copy
ip -n kt-sw2 link set p-copy-eth0 master br0 up
ip netns exec kt-copy sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null || true
ip -n kt-copy link set eth0 up

ip -n kt-vbs addr add 192.168.149.22/24 dev eth0
ip -n kt-prod addr add 192.168.149.36/24 dev eth0
ip -n kt-vlab addr add 192.168.149.50/24 dev eth0
ip -n kt-vlab addr add 192.168.149.2/24 dev eth1
ip -n kt-copy addr add 192.168.149.36/24 dev eth0
ip -n kt-copy route add default via 192.168.149.2
ip -n kt-vbs route add 192.168.150.0/24 via 192.168.149.50

# lab_appliance
ip netns exec kt-vlab sysctl -qw net.ipv4.ip_forward=1
ip -n kt-vlab route del 192.168.149.0/24 dev eth1
ip -n kt-vlab rule add fwmark 0x2/0x2 lookup 2
ip -n kt-vlab route add 192.168.149.0/24 dev eth1 table 2
ip netns exec kt-vlab iptables -t mangle -A PREROUTING -i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff
ip netns exec kt-vlab iptables -t nat -A PREROUTING -i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24
ip netns exec kt-vlab iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE
