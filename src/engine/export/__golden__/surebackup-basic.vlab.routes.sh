# natlab: routes of device vlab (appliance) of lab "SureBackup basic virtual lab" (run as root on the device)
# routes in tables other than main are used through the device’s policy rules (format ip)
ip route add default via 192.168.149.2 dev eth0 scope global
ip route add 192.168.149.0/24 dev eth1 table 2 scope link
