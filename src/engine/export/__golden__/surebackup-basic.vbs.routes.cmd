@echo off
rem natlab: routes of device vbs (host) of lab ?SureBackup basic virtual lab? as Windows route commands
rem run in an elevated cmd.exe; -p keeps a route across reboots; metric = Linux metric + 1
route -p add 0.0.0.0 mask 0.0.0.0 192.168.149.2 metric 1
route -p add 192.168.150.0 mask 255.255.255.0 192.168.149.50 metric 1
