# natlab: routes of device fw (appliance) of lab "exporters: a rich appliance" (run as root on the device)
# routes in tables other than main are used through the device’s policy rules (format ip)
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
