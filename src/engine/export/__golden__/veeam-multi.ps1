# Veeam Backup & Replication virtual lab "Production + DMZ", as designed in natlab
# (natlab export --format veeam-powershell). Run it in a Veeam PowerShell session on the backup
# server. natlab knows networks, not vSphere objects: check the names below first.

$esxiName = '<ESXi host>'          # the host the lab runs on (Get-VBRServer -Name)
$datastoreName = '<datastore>'     # where the proxy appliance is deployed
$dvsName = '<distributed switch>'  # advanced multi-host: a DVS with working uplinks

$esxi = Get-VBRServer -Name $esxiName
$datastore = Find-VBRViDatastore -Server $esxi -Name $datastoreName
$networks = Get-VBRViServerNetworkInfo -Server $esxi
$dvs = Get-VBRViVirtualSwitch -Server $esxi | Where-Object { $_.Name -eq $dvsName }

# production networks (port groups), by name
$prod1 = $networks | Where-Object { $_.NetworkName -eq 'VM Network' }
$prod2 = $networks | Where-Object { $_.NetworkName -eq 'DMZ' }

# step 5: proxy appliance
$appliance = New-VBRViVirtualLabProxyAppliance -Server $esxi -Name 'vlab' -Datastore $datastore -Network $prod1 -EnableIPv4Interface -IPAddress 192.168.149.50 -SubnetMask 255.255.255.0 -DefaultGateway 192.168.149.1 -PreferredDNSServer 192.168.149.10 -AlternateDNSServer 192.168.149.11 -EnableInternetProxy -HTTPPort 8081 -ProductionProxyIPAddress 192.168.149.8

# steps 7-8: isolated networks, and the vNIC, masquerade network, DHCP and DNS of each
$map1 = New-VBRViNetworkMappingRule -Server $esxi -ProductionNetwork $prod1 -IsolatedNetworkName 'Isolated Production' -VLANID 101
$options1 = New-VBRViVirtualLabNetworkOptions -NetworkMappingRule $map1 -IPAddress 192.168.149.2 -SubnetMask 255.255.255.0 -MasqueradeIPAddress 192.168.150.0 -DNSServer 192.168.149.10 -EnableDHCP
$map2 = New-VBRViNetworkMappingRule -Server $esxi -ProductionNetwork $prod2 -IsolatedNetworkName 'Isolated DMZ' -VLANID 102
$options2 = New-VBRViVirtualLabNetworkOptions -NetworkMappingRule $map2 -IPAddress 10.20.0.1 -SubnetMask 255.255.0.0 -MasqueradeIPAddress 10.21.0.0

# step 6: advanced virtual lab
Add-VBRViAdvancedVirtualLab -Server $esxi -Name 'Production + DMZ' -ProxyAppliance $appliance -NetworkMappingRule $map1, $map2 -NetworkOptions $options1, $options2 -EnableRoutingBetweenvNics -DVS $dvs -Force
