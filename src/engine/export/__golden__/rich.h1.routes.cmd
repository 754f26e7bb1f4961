@echo off
rem natlab: routes of device h1 (host) of lab ?exporters: a rich appliance? as Windows route commands
rem run in an elevated cmd.exe; -p keeps a route across reboots; metric = Linux metric + 1
route -p add 0.0.0.0 mask 0.0.0.0 10.0.0.1 metric 1
