# Veeam Backup & Replication virtual lab "SureBackup lab", as designed in natlab
# (natlab export --format veeam-powershell). Run it in a Veeam PowerShell session on the backup
# server. natlab knows networks, not vSphere objects: check the names below first.

$esxiName = '<ESXi host>'          # the host the lab runs on (Get-VBRServer -Name)
$datastoreName = '<datastore>'     # where the proxy appliance is deployed

$esxi = Get-VBRServer -Name $esxiName
$datastore = Find-VBRViDatastore -Server $esxi -Name $datastoreName
$networks = Get-VBRViServerNetworkInfo -Server $esxi

# production networks (port groups), by name
$prod1 = $networks | Where-Object { $_.NetworkName -eq 'VM Network' }

# step 5: proxy appliance
$appliance = New-VBRViVirtualLabProxyAppliance -Server $esxi -Name 'vlab-appliance' -Datastore $datastore -Network $prod1 -EnableIPv4Interface -IPAddress 192.168.149.50 -SubnetMask 255.255.255.0 -DefaultGateway 192.168.149.2 -PreferredDNSServer 192.168.149.10

# steps 7-8: isolated networks, and the vNIC, masquerade network, DHCP and DNS of each
$map1 = New-VBRViNetworkMappingRule -Server $esxi -ProductionNetwork $prod1 -IsolatedNetworkName 'Isolated Production' -VLANID 0
$options1 = New-VBRViVirtualLabNetworkOptions -NetworkMappingRule $map1 -IPAddress 192.168.149.2 -SubnetMask 255.255.255.0 -MasqueradeIPAddress 192.168.150.0

# step 9: static IP address mapping
$ipmap1 = New-VBRViVirtualLabIPMappingRule -ProductionNetwork $prod1 -IsolatedIPAddress 192.168.149.36 -AccessIPAddress 192.168.149.136 -Note 'sf0006'

# step 6: advanced virtual lab
Add-VBRViAdvancedVirtualLab -Server $esxi -Name 'SureBackup lab' -ProxyAppliance $appliance -NetworkMappingRule $map1 -NetworkOptions $options1 -IpMappingRule $ipmap1 -Force
