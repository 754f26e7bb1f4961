@echo off
rem natlab: routes of device vlab (appliance) of lab ?SureBackup basic virtual lab? as Windows route commands
rem run in an elevated cmd.exe; -p keeps a route across reboots; metric = Linux metric + 1
route -p add 0.0.0.0 mask 0.0.0.0 192.168.149.2 metric 1
rem not expressible on Windows:
rem   ip route add 192.168.149.0/24 dev eth1 table 2 scope link: in routing table 2 (Windows has one routing table, and no policy rules)
rem the device's 1 policy rule (ip rule) are not expressible on Windows
