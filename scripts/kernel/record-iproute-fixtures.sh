#!/usr/bin/env bash
# Records what the real tools print for natlab's read-only console commands (ip route/rule/addr and
# ip route get, text and -j; iptables -S and iptables-save) from scenarios built in network namespaces,
# into src/engine/tools/__golden__/<scenario>/:
#
#   <command>.txt   stdout of the command, byte for byte
#   commands.json   [{ argv, stdout: "<command>.txt", stderr, code }] in recording order
#   lab.json        the same scenario as a natlab lab document (addresses, routes, rules and iptables
#                   rules in the order of the commands), for the tests to compile and print
#
# Usage (root, iproute2, iptables and jq; re-runnable, replaces the scenario folders it records):
#   scripts/kernel/record-iproute-fixtures.sh [scenario ...]     # default: all scenarios
#
# The recorded device lives in namespace nlB-fx-dev; the other ends of its veths are in nlB-fx-peer, so
# its ifindexes are lo = 1, then its interfaces in order from 2, as natlab numbers them. IPv6 is disabled
# as in natlab's lab namespaces. Nothing is ever sent: no command here emits a packet.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOLDEN=$ROOT/src/engine/tools/__golden__
NS=nlB-fx-dev
PEER=nlB-fx-peer
CREATED=()

cleanup() {
	local n
	for n in "${CREATED[@]}"; do ip netns del "$n" 2>/dev/null || true; done
	CREATED=()
}
trap cleanup EXIT

X() { ip -n "$NS" "$@"; }
# a JSON number for a number as ip reads it (strtoul base 0: 32, 0x20, 040), a JSON string otherwise
jval() {
	if [[ $1 =~ ^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$ ]]; then
		printf '%s' "$(($1))"
	else
		jq -cn --arg v "$1" '$v'
	fi
}

# ---------------------------------------------------------------------------------------------------
# scenario NAME KIND DESCRIPTION: fresh namespaces and an empty lab document
scenario() {
	cleanup
	SCEN=$1 KIND=$2 DESC=$3
	DIR=$GOLDEN/$SCEN
	rm -rf "$DIR" && mkdir -p "$DIR"
	IFACES='[]' SEGMENTS='[]' ROUTES='[]' RULES='[]' SYSCTLS='{}' DEFRULES='{}' IPTABLES='{}' COMMANDS='[]'
	local n
	for n in "$NS" "$PEER"; do
		ip netns add "$n"
		CREATED+=("$n")
		ip -n "$n" link set lo up
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	done
}

# iface NAME MAC SEGMENT-ID SEGMENT-KIND: a veth whose peer is in $PEER, up with carrier
iface() {
	local name=$1 mac=$2 seg=$3 kind=$4
	ip -n "$PEER" link add "p-$name" type veth peer name "$name" netns "$NS"
	ip -n "$PEER" link set "p-$name" up
	X link set "$name" address "$mac"
	X link set "$name" up
	IFACES=$(jq -c --arg n "$name" --arg m "$mac" --arg s "$seg" '. + [{name:$n, mac:$m, segment:$s, addresses:[]}]' <<<"$IFACES")
	SEGMENTS=$(jq -c --arg s "$seg" --arg k "$kind" 'if any(.[]; .id == $s) then . else . + [{id:$s, kind:$k}] end' <<<"$SEGMENTS")
}

# addr DEV ADDRESS [noprefixroute] [brd BROADCAST]
addr() {
	local dev=$1 a=$2
	shift 2
	X addr add "$a" dev "$dev" "$@"
	local entry
	entry=$(jq -cn --arg a "$a" '$a')
	if [ $# -gt 0 ]; then
		entry=$(jq -cn --arg a "$a" '{address:$a}')
		while [ $# -gt 0 ]; do
			case $1 in
			noprefixroute) entry=$(jq -c '. + {noprefixroute:true}' <<<"$entry"); shift ;;
			brd) entry=$(jq -c --arg b "$2" '. + {broadcast:$b}' <<<"$entry"); shift 2 ;;
			*) echo "addr: unsupported argument $1" >&2; exit 1 ;;
			esac
		done
	fi
	# lo is not created by the lab: it takes addresses when the document lists it (first, unplugged)
	if [ "$dev" = lo ] && ! jq -e 'any(.[]; .name == "lo")' <<<"$IFACES" >/dev/null; then
		IFACES=$(jq -c '[{name:"lo", addresses:[]}] + .' <<<"$IFACES")
	fi
	IFACES=$(jq -c --arg d "$dev" --argjson e "$entry" 'map(if .name == $d then .addresses += [$e] else . end)' <<<"$IFACES")
}

# route [TYPE] PREFIX [via A] [dev D] [src S] [metric N] [table T] [scope S] [onlink]: ip route add
route() {
	X route add "$@"
	local json='{}'
	case $1 in blackhole | unreachable | prohibit | throw | local | broadcast)
		json=$(jq -c --arg t "$1" '. + {type:$t}' <<<"$json")
		shift
		;;
	esac
	json=$(jq -c --arg v "$1" '{to:$v} + .' <<<"$json")
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		via | dev | src | scope) json=$(jq -c --arg k "$1" --arg v "$2" '. + {($k):$v}' <<<"$json"); shift 2 ;;
		metric | table) json=$(jq -c --arg k "$1" --argjson v "$(jval "$2")" '. + {($k):$v}' <<<"$json"); shift 2 ;;
		onlink) json=$(jq -c '. + {onlink:true}' <<<"$json"); shift ;;
		*) echo "route: unsupported argument $1" >&2; exit 1 ;;
		esac
	done
	ROUTES=$(jq -c --argjson r "$json" '. + [$r]' <<<"$ROUTES")
}

# rule SELECTOR... ACTION: ip rule add
rule() {
	X rule add "$@"
	local json='{}'
	while [ $# -gt 0 ]; do
		case $1 in
		pref | goto | suppress_prefixlength)
			local k=$1
			[ "$k" = suppress_prefixlength ] && k=suppressPrefixlength
			json=$(jq -c --arg k "$k" --argjson v "$2" '. + {($k):$v}' <<<"$json")
			[ "$1" = goto ] && json=$(jq -c '. + {action:"goto"}' <<<"$json")
			shift 2
			;;
		not) json=$(jq -c '. + {not:true}' <<<"$json"); shift ;;
		from | to | iif | oif | fwmark) json=$(jq -c --arg k "$1" --arg v "$2" '. + {($k):$v}' <<<"$json"); shift 2 ;;
		ipproto | sport | dport) json=$(jq -c --arg k "$1" --argjson v "$(jval "$2")" '. + {($k):$v}' <<<"$json"); shift 2 ;;
		lookup | table) json=$(jq -c --argjson v "$(jval "$2")" '. + {table:$v}' <<<"$json"); shift 2 ;;
		blackhole | unreachable | prohibit | nop) json=$(jq -c --arg a "$1" '. + {action:$a}' <<<"$json"); shift ;;
		*) echo "rule: unsupported argument $1" >&2; exit 1 ;;
		esac
	done
	RULES=$(jq -c --argjson r "$json" '. + [$r]' <<<"$RULES")
}

# del_default_rule local|main|default: ip rule del of a built-in rule
del_default_rule() {
	local pref
	case $1 in local) pref=0 ;; main) pref=32766 ;; default) pref=32767 ;; esac
	X rule del pref "$pref" lookup "$1"
	DEFRULES=$(jq -c --arg k "$1" '. + {($k):false}' <<<"$DEFRULES")
}

# sysctl KEY VALUE
sysctl_set() {
	ip netns exec "$NS" sysctl -qw "$1=$2"
	SYSCTLS=$(jq -c --arg k "$1" --argjson v "$2" '. + {($k):$v}' <<<"$SYSCTLS")
}

# ipt TABLE CHAIN RULE...: iptables -t TABLE -A CHAIN RULE...
ipt() {
	local table=$1 chain=$2
	shift 2
	ip netns exec "$NS" iptables -t "$table" -A "$chain" "$@"
	IPTABLES=$(jq -c --arg t "$table" --arg c "$chain" --arg r "$*" '.[$t][$c] += [$r]' <<<"$IPTABLES")
}

# run TOOL ARG...: run a command in the device namespace and record stdout, stderr and exit code
run() {
	local name file out err code
	name=$(printf '%s_' "$@")
	name=${name%_}
	file=${name//\//-}.txt
	out=$DIR/$file
	err=$(mktemp)
	set +e
	if [ "$1" = ip ]; then
		ip -n "$NS" "${@:2}" >"$out" 2>"$err"
	else
		ip netns exec "$NS" "$@" >"$out" 2>"$err"
	fi
	code=$?
	set -e
	COMMANDS=$(jq -c --args --arg f "$file" --rawfile e "$err" --argjson c "$code" \
		'. + [{argv: $ARGS.positional, stdout: $f, stderr: $e, code: $c}]' <<<"$COMMANDS" -- "$@")
	rm -f "$err"
}
# rec ARG...: run and record `ip ARG...`
rec() { run ip "$@"; }
# rec2 ARG...: text and JSON
rec2() {
	rec "$@"
	rec -j "$@"
}

# the commands every scenario records
rec_common() {
	rec route
	rec route show table all
	rec route show table local
	rec -j route
	rec -j route show table all
	rec -j -p route show table all
	rec -4 route show table main
	rec rule
	rec -j rule
	rec -j -p rule
	rec addr
	rec -j addr
	rec -4 addr
	rec -j -4 addr
	rec -j -p addr
	local i
	for i in $(jq -r '.[].name | select(. != "lo")' <<<"$IFACES"); do
		rec addr show dev "$i"
		rec -j addr show "$i"
	done
	rec addr show dev lo
	local first
	first=$(jq -r '[.[].name | select(. != "lo")][0]' <<<"$IFACES")
	rec route show dev "$first"
	rec -j route show table all dev "$first"
	rec route show dev nope
	rec route show table 99
	rec -j route show table 99
	rec addr show dev nope
}

finish() {
	jq -n --arg name "$SCEN" --arg desc "$DESC" --arg kind "$KIND" \
		--argjson segs "$SEGMENTS" --argjson ifs "$IFACES" --argjson routes "$ROUTES" --argjson rules "$RULES" \
		--argjson sysctls "$SYSCTLS" --argjson defrules "$DEFRULES" --argjson ipt "$IPTABLES" '{
			schemaVersion: 1,
			name: $name,
			description: $desc,
			segments: $segs,
			devices: [
				{ id: "dut", name: $name, kind: $kind, interfaces: $ifs }
				+ (if $sysctls == {} then {} else {sysctls: $sysctls} end)
				+ (if $routes == [] then {} else {routes: $routes} end)
				+ (if $rules == [] then {} else {rules: $rules} end)
				+ (if $defrules == {} then {} else {defaultRules: $defrules} end)
				+ (if $ipt == {} then {} else {iptables: $ipt} end)
			]
		}' >"$DIR/lab.json"
	jq . <<<"$COMMANDS" >"$DIR/commands.json"
	echo "recorded $SCEN: $(jq length <<<"$COMMANDS") commands"
	cleanup
}

# ---------------------------------------------------------------------------------------------------
scen_surebackup() {
	scenario surebackup appliance "SureBackup proxy appliance (vlab): production eth0 and isolated eth1 in the same subnet, fwmark 0x2/0x2 to table 2"
	iface eth0 02:00:00:00:01:32 prod production
	iface eth1 02:00:00:00:02:02 iso isolated
	sysctl_set net.ipv4.ip_forward 1
	sysctl_set net.ipv4.conf.all.rp_filter 0
	sysctl_set net.ipv4.conf.default.rp_filter 0
	addr eth0 192.168.149.50/24
	addr eth1 192.168.149.2/24 noprefixroute
	route default via 192.168.149.2 dev eth0
	rule fwmark 0x2/0x2 lookup 2
	route 192.168.149.0/24 dev eth1 table 2
	ipt mangle PREROUTING -i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff
	ipt nat PREROUTING -i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24
	ipt nat POSTROUTING -o eth1 -j MASQUERADE
	rec_common
	run iptables -S
	run iptables -t nat -S
	run iptables -t mangle -S PREROUTING
	run iptables -tnat -S POSTROUTING
	run iptables --table=raw --list-rules
	run iptables -S FOO
	run iptables -t foo -S
	run iptables-save
	run iptables-save -t nat
	run iptables-save -t raw
	run iptables-save -t foo
	rec route show table 2
	rec -j route show table 2
	rec route show table main
	rec route show table default
	local q
	for q in \
		"192.168.149.36" \
		"192.168.149.36 mark 2" \
		"192.168.149.36 mark 0x6" \
		"192.168.149.36 mark 0xff" \
		"192.168.149.36 mark 4" \
		"192.168.149.36 from 192.168.149.22 iif eth0" \
		"192.168.149.36 from 192.168.149.22 iif eth0 mark 6" \
		"192.168.149.36 from 192.168.149.22 iif eth0 mark 0x10" \
		"192.168.149.36 from 192.168.149.2" \
		"192.168.149.36 oif eth1" \
		"8.8.8.8" \
		"8.8.8.8 from 192.168.149.22 iif eth0" \
		"8.8.8.8 mark 2" \
		"192.168.149.50" \
		"192.168.149.2" \
		"192.168.149.2 from 192.168.149.22 iif eth0" \
		"127.0.0.1" \
		"192.168.149.255" \
		"192.168.149.255 from 192.168.149.36 iif eth1" \
		"255.255.255.255" \
		"8.8.8.8 iif eth0" \
		"8.8.8.8 iif nope"; do
		# shellcheck disable=SC2086
		rec2 route get $q
	done
	rec route get
	rec route get 1.2.3.400
	finish
}

scen_routes() {
	scenario routes router "Route types, metrics, equal prefixes on two devices, /32 /31 /30 and secondary addresses, onlink and src routes, several numbered tables"
	iface eth0 02:00:00:00:10:01 lan production
	iface eth1 02:00:00:00:10:02 wan link
	iface eth2 02:00:00:00:10:03 lan production
	sysctl_set net.ipv4.ip_forward 1
	sysctl_set net.ipv4.conf.all.rp_filter 0
	sysctl_set net.ipv4.conf.default.rp_filter 0
	addr eth0 10.0.0.1/24
	addr eth0 10.0.0.2/24
	addr eth0 172.16.0.1/32
	addr eth1 10.1.0.1/31
	addr eth1 10.2.0.1/30
	addr eth1 10.2.0.2/30
	addr eth2 10.0.0.3/24
	addr eth2 10.0.0.4/24 noprefixroute
	addr eth2 10.9.0.1/16 brd 10.9.0.255
	addr eth1 10.3.0.1/24 noprefixroute
	route default via 10.1.0.0 dev eth1 metric 200
	route default via 10.0.0.254 metric 100
	route 172.20.0.0/16 via 10.0.0.254 metric 10
	route 172.20.0.0/16 dev eth1 metric 5
	route 172.20.0.0/24 via 10.2.0.2 dev eth1
	route 10.0.0.0/8 via 10.0.0.254 dev eth0
	route 10.0.0.0/16 via 10.0.0.253 dev eth2
	route blackhole 192.0.2.0/24
	route unreachable 198.51.100.0/24 metric 7
	route prohibit 203.0.113.0/24
	route blackhole 0.0.0.0/8
	route 10.60.0.0/24 via 192.0.2.77 dev eth0 onlink
	route 10.61.0.0/24 dev eth1 src 10.2.0.1
	route 10.62.0.0/24 via 10.0.0.254 src 10.0.0.2 metric 4294967295
	route 10.63.0.1/32 dev eth2
	route 10.64.0.0/24 dev eth0 scope host
	route local 10.77.0.0/24 dev lo table local
	route 10.100.0.0/16 dev eth0 table 2
	route default via 10.0.0.254 table 2
	route throw 10.50.0.0/16 table 2
	route 10.100.0.0/16 dev eth2 table 100 metric 1
	route unreachable default table 100
	route 10.100.0.0/16 dev eth1 table 258
	route prohibit 10.101.0.0/16 table 1000
	route 10.102.0.0/16 via 10.1.0.0 table 70000
	route blackhole 10.103.0.0/16 table 4294967295
	route throw 10.50.0.0/16
	rec_common
	local t
	for t in main 2 100 258 1000 70000 4294967295 0x64 default unspec; do
		rec route show table "$t"
	done
	rec -j route show table 2
	rec -j route show table local
	rec route show table foo
	rec route sh ta 2
	local q
	for q in \
		"172.20.1.1" \
		"172.20.0.9" \
		"10.0.0.9" \
		"10.0.1.9" \
		"10.5.0.9" \
		"10.60.0.9" \
		"10.61.0.9" \
		"10.62.0.9" \
		"10.63.0.1" \
		"10.64.0.9" \
		"10.77.0.9" \
		"10.0.0.2" \
		"172.16.0.1" \
		"10.0.0.255" \
		"10.9.0.255" \
		"10.9.255.255" \
		"10.2.0.3" \
		"10.1.0.0" \
		"192.0.2.1" \
		"198.51.100.1" \
		"203.0.113.1" \
		"10.50.1.1" \
		"0.1.2.3" \
		"0.0.0.0" \
		"224.0.0.1" \
		"255.255.255.255" \
		"8.8.8.8 from 10.0.0.2" \
		"8.8.8.8 from 10.2.0.2" \
		"8.8.8.8 oif eth2" \
		"10.0.0.9 from 10.0.0.77 iif eth0" \
		"172.20.1.1 from 10.0.0.77 iif eth0" \
		"10.0.0.2 from 10.0.0.77 iif eth2" \
		"10.0.0.255 from 10.0.0.77 iif eth0" \
		"198.51.100.1 from 10.0.0.77 iif eth0" \
		"10.0.0.9/24"; do
		# shellcheck disable=SC2086
		rec2 route get $q
	done
	finish
}

scen_rpdb() {
	scenario rpdb router "An RPDB with every selector, not, every action, goto (resolved and unresolved) and automatic preferences"
	iface eth0 02:00:00:00:20:01 a production
	iface eth1 02:00:00:00:20:02 b isolated
	addr eth0 192.168.1.1/24
	addr eth1 192.168.2.1/24
	rule fwmark 0x2/0x2 lookup 2
	rule fwmark 0x10 lookup 10
	rule not to 192.168.150.0/24 lookup 150
	rule pref 100 from 192.168.149.99/32 lookup 99
	rule iif eth1 lookup 11
	rule oif eth0 lookup main
	rule pref 0 from 192.168.149.98/32 lookup 98
	rule pref 200 ipproto tcp dport 80 lookup 3
	rule pref 201 ipproto udp sport 1000-2000 lookup 4
	rule pref 202 ipproto 47 lookup 5
	rule pref 203 ipproto 253 lookup 5
	rule pref 204 fwmark 0 lookup 6
	rule pref 205 fwmark 0/0xffffffff lookup 7
	rule pref 206 fwmark 0x5/0 lookup 7
	rule pref 207 fwmark 0xffffffff lookup 4294967295
	rule pref 208 to 10.0.0.0/8 blackhole
	rule pref 209 from 10.1.0.0/16 unreachable
	rule pref 210 not from 10.2.0.0/16 iif eth0 prohibit
	rule pref 211 goto 300
	rule pref 212 goto 400
	rule pref 213 lookup main suppress_prefixlength 0
	rule pref 214 from 1.2.3.4/32 to 5.6.7.8/32 lookup local
	rule pref 215 nop
	rule pref 216 ipproto icmp lookup default
	rule pref 217 sport 22 dport 1024-65534 lookup 9
	rule pref 218 iif lo oif eth1 lookup 9
	rule pref 219 not fwmark 0x1 goto 32766
	rule pref 300 lookup 300
	rule pref 220 fwmark 0x10/0xf0 lookup 9
	rule pref 220 from 0.0.0.0/0 lookup 8
	rule pref 221 from 10.0.0.1/8 lookup 8
	rule pref 222 to 10.0.0.0/24 lookup 0x20
	rule pref 223 from 10.9.0.0/16 lookup 8 suppress_prefixlength 24
	rule from 172.16.0.0/12 lookup 12
	del_default_rule default
	route 10.0.0.0/24 dev eth0 table 8
	rec_common
	finish
}

scen_loopback() {
	scenario loopback host "Extra addresses on lo: a /32 service address and a second 127/8 address"
	iface eth0 02:00:00:00:30:01 net production
	addr eth0 192.168.5.10/24
	addr lo 10.255.0.1/32
	addr lo 127.0.0.2/8
	route default via 192.168.5.1
	rec_common
	local q
	for q in "10.255.0.1" "127.0.0.2" "127.1.2.3" "10.255.0.1 from 192.168.5.20 iif eth0"; do
		# shellcheck disable=SC2086
		rec2 route get $q
	done
	finish
}

[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }
mkdir -p "$GOLDEN"
ALL=(surebackup routes rpdb loopback)
for s in "${@:-${ALL[@]}}"; do "scen_$s"; done
