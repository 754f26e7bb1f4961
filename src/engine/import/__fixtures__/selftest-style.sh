#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Policy routing through a NAT router, set up the way the scripts in
# tools/testing/selftests/net do it -- with the values written out (natlab
# imports no variables or functions).
#
#   ns1 veth0 10.0.1.1/24 ---- veth0 10.0.1.2/24   r1   veth1 192.0.2.1/24 ---- veth0 ns2
#                                                       veth2 198.51.100.1/24 - veth0 ns3
#
# ns2 and ns3 both hold the service address 203.0.113.10 (on lo).  r1 marks
# TCP to port 80 (mangle MARK 0x2/0x2); "ip rule fwmark 0x2/0x2 lookup 2"
# sends marked packets out through veth1 (table 2), everything else leaves
# through veth2 (main).  Both uplinks are masqueraded.

set -e

ip netns add sft-ns1
ip netns add sft-r1
ip netns add sft-ns2
ip netns add sft-ns3

ip -netns sft-ns1 link set lo up
ip -netns sft-r1 link set lo up
ip -n sft-ns2 l set lo up
ip netns exec sft-ns3 ip link set lo up

# point-to-point veth pairs, no bridges
ip link add veth0 netns sft-ns1 type veth peer name veth0 netns sft-r1
ip -n sft-r1 link add veth1 type veth peer name veth0 netns sft-ns2
ip -n sft-r1 link add veth2 type veth peer name veth0 netns sft-ns3

ip -netns sft-ns1 addr add 10.0.1.1/24 dev veth0
ip -netns sft-r1 addr add 10.0.1.2/24 dev veth0
ip -netns sft-r1 addr add 192.0.2.1/24 dev veth1
ip -netns sft-r1 addr add 198.51.100.1/24 dev veth2
ip -n sft-ns2 a add 192.0.2.2/24 dev veth0
ip -n sft-ns2 a add 203.0.113.10/32 dev lo
ip -n sft-ns3 address add 198.51.100.2/24 dev veth0
ip -n sft-ns3 address add 203.0.113.10/32 dev lo

ip -netns sft-ns1 link set veth0 up
ip -netns sft-r1 link set veth0 up
ip -netns sft-r1 link set veth1 up && ip -netns sft-r1 link set veth2 up
ip netns exec sft-ns2 ip link set dev veth0 up
ip -net sft-ns3 link set veth0 up

ip netns exec sft-r1 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec sft-r1 sysctl -q -w net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.veth0.rp_filter=0 net.ipv4.conf.veth1.rp_filter=0 \
	net.ipv4.conf.veth2.rp_filter=0

ip -n sft-ns1 route add default via 10.0.1.2
ip -n sft-r1 r add default via 198.51.100.2 dev veth2

# policy routing: fwmark 0x2 -> table 2
ip -n sft-r1 rule add fwmark 0x2/0x2 lookup 2 pref 100
ip -n sft-r1 route add default via 192.0.2.2 dev veth1 table 2
ip -n sft-r1 route add 10.0.1.0/24 dev veth0 table 2

ip netns exec sft-r1 iptables -t mangle -A PREROUTING -i veth0 -p tcp --dport 80 \
	-j MARK --set-mark 0x2/0x2
ip netns exec sft-r1 iptables -t nat -A POSTROUTING -o veth1 -j MASQUERADE
ip netns exec sft-r1 iptables -t nat -A POSTROUTING -o veth2 -j MASQUERADE
