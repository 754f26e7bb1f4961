@echo off
rem natlab: routes of device fw (appliance) of lab ?exporters: a rich appliance? as Windows route commands
rem run in an elevated cmd.exe; -p keeps a route across reboots; metric = Linux metric + 1
route -p add 0.0.0.0 mask 0.0.0.0 10.9.0.1 metric 1
route -p add 172.16.0.0 mask 255.240.0.0 10.0.0.254 metric 1
rem ip route add 10.1.0.0/16 via 10.0.0.254 dev eth0 src 10.0.0.1 metric 100 scope global: src 10.0.0.1 is not expressible
route -p add 10.1.0.0 mask 255.255.0.0 10.0.0.254 metric 101
rem routes without a gateway need the interface index (route print) in place of INDEX:
rem   on-link on eth0: route -p add 10.11.0.0 mask 255.255.0.0 0.0.0.0 metric 1 if INDEX
rem not expressible on Windows:
rem   ip route add 10.70.0.0/16 via 10.70.0.1 dev wan scope global onlink: onlink (Windows needs the gateway on a connected network)
rem   ip route add blackhole 10.66.0.0/16 scope global: a blackhole route (Windows routes have no type)
rem   ip route add unreachable 10.67.0.0/16 metric 7 table 100 scope global: in routing table 100 (Windows has one routing table, and no policy rules)
rem   ip route add throw 10.68.0.0/16 table 100 scope global: in routing table 100 (Windows has one routing table, and no policy rules)
rem   ip route add prohibit 10.69.0.0/16 scope global: a prohibit route (Windows routes have no type)
rem   ip route add 192.168.150.0/24 dev eth1 table 2 scope link: in routing table 2 (Windows has one routing table, and no policy rules)
rem   ip route add default via 10.9.0.1 dev wan table 253 scope global: in routing table default (Windows has one routing table, and no policy rules)
rem   ip route add local 10.200.0.1/32 dev lo scope host: in routing table local (Windows has one routing table, and no policy rules)
rem the device's 8 policy rules (ip rule) are not expressible on Windows
