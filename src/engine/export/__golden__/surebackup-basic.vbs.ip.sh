#!/bin/bash
# natlab: device vbs (host) of lab "SureBackup basic virtual lab" as ip and sysctl commands
# run as root on the device (or: ip netns exec NS bash THIS); its interfaces must exist already
# interfaces in the lab: eth0 02:00:00:00:01:16 (segment prod)
set -euo pipefail

# links
ip link set dev lo up
ip link set dev eth0 up

# addresses, in the order they were added
ip addr add 192.168.149.22/24 dev eth0

# routes, in the order they were added
ip route add default via 192.168.149.2 dev eth0 scope global
ip route add 192.168.150.0/24 via 192.168.149.50 dev eth0 scope global
