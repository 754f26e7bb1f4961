# natlab: routes of device h1 (host) of lab "exporters: a rich appliance" (run as root on the device)
ip route add default via 10.0.0.1 dev eth0 scope global
