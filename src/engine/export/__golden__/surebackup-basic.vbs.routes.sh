# natlab: routes of device vbs (host) of lab "SureBackup basic virtual lab" (run as root on the device)
ip route add default via 192.168.149.2 dev eth0 scope global
ip route add 192.168.150.0/24 via 192.168.149.50 dev eth0 scope global
