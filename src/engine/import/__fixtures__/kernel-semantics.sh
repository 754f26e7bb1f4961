#!/bin/bash
# Semantics the importer must get right, in the order a script does them: a kernel route deleted, routes
# replaced and deleted by metric, rules added without pref (the kernel picks), deleted by selector and
# by pref, conf.default written before and after interfaces and addresses exist, iptables -I/-D/-R/-E/-P.
# Run as root on Linux 6.18 (with veth pairs for dummies); kernel-semantics.recorded.txt is what it held.
set -e
ip netns add nlF-a
ip netns add nlF-b
ip -n nlF-a link set lo up
ip -n nlF-b link set lo up
ip link add v0 netns nlF-a type veth peer name v0 netns nlF-b
ip -n nlF-a link add d0 type veth peer name d0p
ip -n nlF-a link set d0p up
ip -n nlF-a link set d0 up
ip -n nlF-a link set v0 up
ip -n nlF-b link set v0 up
ip -n nlF-a addr add 10.0.0.1/24 dev v0
ip -n nlF-a addr add 10.0.0.5/24 dev v0
ip -n nlF-a addr add 172.16.0.1/16 brd + dev d0
ip -n nlF-b addr add 10.0.0.2/24 dev v0
ip netns exec nlF-a sysctl -qw net.ipv4.ip_forward=1
ip netns exec nlF-a sysctl -qw net.ipv4.conf.default.rp_filter=2 net.ipv4.conf.all.accept_redirects=1
ip -n nlF-a link add d1 type veth peer name d1p
ip -n nlF-a link set d1p up
ip -n nlF-a link set d1 up
ip -n nlF-a addr add 10.7.0.1/24 dev d1
ip netns exec nlF-a sysctl -qw net.ipv4.conf.d1.proxy_arp=1 net.ipv4.conf.default.send_redirects=0
ip -n nlF-a route add 10.5.0.0/16 via 10.0.0.2 metric 10
ip -n nlF-a route add 10.5.0.0/16 via 10.0.0.2 metric 5
ip -n nlF-a route add 10.6.0.0/16 via 172.16.0.9 table 7
ip -n nlF-a route replace 10.6.0.0/16 dev d0 table 7 metric 0
ip -n nlF-a route del 10.5.0.0/16
ip -n nlF-a route replace 172.16.0.0/16 dev d0 src 172.16.0.1 metric 0
ip -n nlF-a route add blackhole 192.168.0.0/16
ip -n nlF-a route add unreachable 192.169.0.0/16 metric 3 table 9
ip -n nlF-a route add default via 10.0.0.2 dev v0
ip -n nlF-a route del 10.7.0.0/24 dev d1
ip -n nlF-a route add 10.0.0.0/24 dev v0 table 2
ip -n nlF-a rule add fwmark 1 lookup 3
ip -n nlF-a rule add fwmark 1 lookup 4
ip -n nlF-a rule del fwmark 1
ip -n nlF-a rule add fwmark 0x2/0x2 lookup 2
ip -n nlF-a rule add from 10.0.0.0/24 iif v0 lookup 9 pref 500
ip -n nlF-a rule del pref 32767
ip -n nlF-a rule add to 10.9.0.0/16 ipproto udp dport 53 prohibit
ip -n nlF-a neigh add proxy 10.0.0.77 dev v0
ip netns exec nlF-a iptables -A FORWARD -p icmp -j DROP
ip netns exec nlF-a iptables -A FORWARD -p udp -j DROP
ip netns exec nlF-a iptables -I FORWARD -p tcp -j ACCEPT
ip netns exec nlF-a iptables -I FORWARD 3 -s 10.0.0.0/8 -j ACCEPT
ip netns exec nlF-a iptables -D FORWARD -p udp -j DROP
ip netns exec nlF-a iptables -R FORWARD 1 -p tcp --dport 22 -j ACCEPT
ip netns exec nlF-a iptables -N LOGGING
ip netns exec nlF-a iptables -A LOGGING -j LOG
ip netns exec nlF-a iptables -E LOGGING LOG-IT
ip netns exec nlF-a iptables -A INPUT -j LOG-IT
ip netns exec nlF-a iptables -P INPUT DROP
ip netns exec nlF-a iptables -t nat -A POSTROUTING -o v0 -j MASQUERADE
ip netns exec nlF-a iptables -t mangle -A PREROUTING -j MARK --set-mark 2
ip netns exec nlF-a iptables -t mangle -F
