#!/bin/bash
# natlab: device h1 (host) of lab "exporters: a rich appliance" as ip and sysctl commands
# run as root on the device (or: ip netns exec NS bash THIS); its interfaces must exist already
# interfaces in the lab: eth0 02:00:00:02:00:02 (segment prod)
set -euo pipefail

# links
ip link set dev lo up
ip link set dev eth0 up

# addresses, in the order they were added
ip addr add 10.0.0.50/24 dev eth0

# routes, in the order they were added
ip route add default via 10.0.0.1 dev eth0 scope global
