#!/usr/bin/env bash
# Load test: Porch's pages against nginx serving the very same bytes.
#
# Starts `porch demo` on a free loopback port, signs the demo leaseholder in
# through the real email-code flow, saves each page's body once, serves
# those bodies from nginx on another port with the same Content-Type and
# headers, then runs wrk against each server in turn and prints a markdown
# table of requests per second, the ratio Porch/nginx and the targets.
#
# nginx is the yardstick because it is about as fast as serving those bytes
# over HTTP gets on this machine: the ratio says how much of that Porch
# keeps while doing its real work (session, database, templates), and it
# moves much less than raw req/s from one machine to another.
#
#   scripts/loadtest.sh                 # 3 rounds of 10 s per page and server
#   DURATION=5s ROUNDS=1 scripts/loadtest.sh
#
# Environment:
#   DURATION=10s       length of each wrk run
#   ROUNDS=3           rounds; each figure is the median over the rounds
#   CONNECTIONS=32     wrk -c
#   THREADS=2          wrk -t
#   ACCEPT_ENCODING=gzip  sent by wrk to both servers; set it empty to ask
#                      for uncompressed pages
#   WRITERS=4          connections posting receipts in the write run
#   KEEP=1             keep the temporary directory (logs, bodies, config)
#   PAGES="home"       only these of home, statement and sign-in
#   WRITES=no          skip the receipts run
#   PROFILE=cpu.prof   write Porch's CPU profile over the whole run there
#                      (porch demo --cpu-profile); read it with
#                      go tool pprof -top cpu.prof
#
# Needs Go, curl, wrk and nginx; wrk and nginx are installed with apt-get
# when missing (as root, or through sudo). It is not run by `go test`.
set -euo pipefail

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ACCEPT_ENCODING=${ACCEPT_ENCODING-gzip}
KEEP=${KEEP:-}
LEASEHOLDER=amara.okafor@example.com # demo.ResidentEmail
MANAGER=priya.shah@northgate-pm.example # demo.ManagerEmail
WRITERS=${WRITERS:-4}
PAGES=${PAGES:-home statement sign-in}
WRITES=${WRITES:-yes}
PROFILE=${PROFILE:-}
SLUG=demo

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '%s\n' "$*" >&2; }
die() {
	say "loadtest: $*"
	exit 1
}

# --- tools -------------------------------------------------------------------

nginx_bin() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -n "$(nginx_bin)" ] || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]} with apt-get"
	sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
NGINX=$(nginx_bin)
[ -n "$NGINX" ] || die "nginx not found after installing it"
command -v go >/dev/null || die "go not found (Go 1.26 or later)"

# --- temporary directory and clean-up ----------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/porch-load.XXXXXX")
# nginx's workers may run as another user when started by root: the pages
# it serves live in a directory anyone may read.
www=$(mktemp -d "${TMPDIR:-/tmp}/porch-load-www.XXXXXX")
chmod 755 "$www"
porch_pid=
nginx_pid=
cleanup() {
	local pid
	for pid in $porch_pid $nginx_pid; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $porch_pid $nginx_pid; do
		wait "$pid" 2>/dev/null || true
	done
	if [ -n "$KEEP" ]; then
		say "kept $tmp and $www"
	else
		rm -rf "$tmp" "$www"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a loopback port nothing listens on.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port found"
}

# --- Porch -------------------------------------------------------------------

say "building porch"
(cd "$repo" && CGO_ENABLED=0 go build -o "$tmp/porch" .)

port=$(free_port)
host="$SLUG.localhost:$port"
base="http://$host"
# wrk has no --resolve: it connects to the address and sends the Host
# header given with -H.
direct="http://127.0.0.1:$port"
profile=()
[ -z "$PROFILE" ] || profile=(--cpu-profile "$(realpath -m "$PROFILE")")
"$tmp/porch" demo --data "$tmp/data" --addr "127.0.0.1:$port" "${profile[@]}" >"$tmp/porch.log" 2>&1 &
porch_pid=$!

# Every curl goes to loopback whatever the resolver makes of *.localhost,
# with the organisation's host name, as a browser sends it.
pcurl() { curl -sS --resolve "$host:127.0.0.1" "$@"; }
lcurl() { pcurl -c "$tmp/jar" -b "$tmp/jar" "$@"; } # as the leaseholder

say "starting porch demo on 127.0.0.1:$port"
for i in $(seq 240); do
	if [ "$(pcurl -o /dev/null -w '%{http_code}' "$base/sign-in" 2>/dev/null)" = 200 ]; then
		break
	fi
	kill -0 "$porch_pid" 2>/dev/null || die "porch stopped: $(tail -5 "$tmp/porch.log")"
	[ "$i" -lt 240 ] || die "porch did not answer within 2 minutes"
	sleep 0.5
done
[ "$(pcurl -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] || die "/healthz is not 200"

# --- sign the leaseholder in, as a browser does ------------------------------

# sign_in email jar: signs email in through the email-code flow, cookies
# into jar.
same=(-H "Sec-Fetch-Site: same-origin" -H "Origin: $base")
sign_in() {
	local email=$1 jar=$2 code otp f
	say "signing in $email"
	# Cross-origin protection refuses posts without Sec-Fetch-Site or a
	# matching Origin; a browser sends both.
	code=$(pcurl -c "$jar" -b "$jar" "${same[@]}" -o /dev/null -w '%{http_code}' --data-urlencode "email=$email" -d action=code "$base/sign-in")
	[ "$code" = 303 ] || die "POST /sign-in for $email answered $code"
	# The code arrives as a .eml file written by the mail sender, code in
	# the subject line.
	otp=
	for _ in $(seq 60); do
		if [ -d "$maildir" ]; then
			for f in $(ls -r "$maildir"/*.eml 2>/dev/null); do
				if grep -qi "^To:.*<$email>" "$f"; then
					otp=$(sed -n 's/^Subject: \([0-9]\{6\}\) is your .*sign-in code.*/\1/p' "$f" | head -1)
					[ -z "$otp" ] || break
				fi
			done
		fi
		[ -z "$otp" ] || break
		sleep 0.5
	done
	[ -n "$otp" ] || die "no sign-in code mailed to $email in $maildir"
	code=$(pcurl -c "$jar" -b "$jar" "${same[@]}" -o /dev/null -w '%{http_code}' -d "code=$otp" "$base/sign-in/code")
	[ "$code" = 303 ] || die "POST /sign-in/code for $email answered $code"
}

# cookie_header jar: the session and device cookies of jar, as one Cookie
# header.
cookie_header() {
	awk -F'\t' '{ sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"
}

maildir="$tmp/data/mail/$SLUG"
sign_in "$LEASEHOLDER" "$tmp/jar"
cookie=$(cookie_header "$tmp/jar")
case "$cookie" in *porch-session=*) ;; *) die "no session cookie after sign-in" ;; esac
lcurl -o "$tmp/home-check.html" "$base/"
grep -q 'Hello, Amara' "$tmp/home-check.html" || die "home page does not greet the leaseholder"

unit=$(lcurl "$base/money" | grep -o '/money/units/[a-z0-9]*/statement' | head -1)
[ -n "$unit" ] || die "no statement link on /money"

# --- the pages ---------------------------------------------------------------

# name | path | signed in | target ratio
all_pages=(
	"home|/|yes|0.25"
	"statement|$unit|yes|0.15"
	"sign-in|/sign-in|no|0.4"
)
pages=()
for p in "${all_pages[@]}"; do
	case " $PAGES " in *" ${p%%|*} "*) pages+=("$p") ;; esac
done
[ ${#pages[@]} -gt 0 ] || die "PAGES=\"$PAGES\" names none of home, statement, sign-in"
label() {
	case "$1" in
	home) echo "signed-in home \`/\` (leaseholder)" ;;
	statement) echo "statement, last 12 months (\`/money/units/…/statement\`)" ;;
	sign-in) echo "anonymous \`/sign-in\`" ;;
	esac
}

# Headers wrk sends to both servers: the same for Porch and nginx.
headers() { # signed-in
	local h=(-H "Host: $host" -H "Accept: text/html,application/xhtml+xml")
	[ -z "$ACCEPT_ENCODING" ] || h+=(-H "Accept-Encoding: $ACCEPT_ENCODING")
	[ "$1" = no ] || h+=(-H "Cookie: $cookie")
	printf '%s\0' "${h[@]}"
}

compressed=no
nginx_locations=
for p in "${pages[@]}"; do
	IFS='|' read -r name path signed _ <<<"$p"
	ck=()
	[ "$signed" = no ] || ck=(-H "Cookie: $cookie")
	# The body as the page is, uncompressed, for a client that does not
	# ask for gzip.
	curl -sS --resolve "$host:127.0.0.1" "${ck[@]}" -D "$tmp/$name.headers" -o "$www/$name.html" "$base$path"
	grep -q '^HTTP/1.1 200' "$tmp/$name.headers" || die "$path: $(head -1 "$tmp/$name.headers")"
	if [ -n "$ACCEPT_ENCODING" ]; then
		# Porch's compressed body, byte for byte: nginx sends this file
		# (gzip_static), so both servers send the very same bytes.
		enc=$(curl -sS --resolve "$host:127.0.0.1" "${ck[@]}" -H "Accept-Encoding: $ACCEPT_ENCODING" -o "$www/$name.html.gz" -D - "$base$path" |
			tr -d '\r' | sed -n 's/^[Cc]ontent-[Ee]ncoding: *//p')
		[ -n "$enc" ] || rm -f "$www/$name.html.gz"
		[ -z "$enc" ] || compressed=$enc
	fi
	ctype=$(tr -d '\r' <"$tmp/$name.headers" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p')
	# Porch's own response headers, so both servers send as many bytes;
	# hop-by-hop and per-body headers are nginx's to set.
	adds=$(tr -d '\r' <"$tmp/$name.headers" | sed 1d | grep -viE '^(date|content-length|content-type|content-encoding|transfer-encoding|connection|keep-alive|set-cookie):' |
		grep -v '\$' | sed -n 's/\\/\\\\/g; s/"/\\"/g; s/^\([^:]*\): *\(.*\)$/\t\tadd_header \1 "\2";/p')
	nginx_locations+="
	location = $path {
		types { }
		default_type \"$ctype\";
$adds
		try_files /$name.html =404;
	}"
done

# --- nginx ---------------------------------------------------------------------

nport=$(free_port)
[ "$nport" != "$port" ] || nport=$(free_port)
mkdir -p "$tmp/nginx"
gzip_static=off
[ "$compressed" = no ] || gzip_static=on
cat >"$tmp/nginx/nginx.conf" <<EOF
# Generated by scripts/loadtest.sh: serves the bodies Porch sent, from disk.
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	server_tokens off;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	sendfile on;
	tcp_nopush on;
	# Go keeps a connection open for any number of requests; nginx's
	# default of 1000 would make wrk reconnect now and then.
	keepalive_requests 1000000;
	keepalive_timeout 75s;
	# Porch's own gzip bodies, saved beside the pages: nginx compresses
	# nothing itself.
	gzip off;
	gzip_static $gzip_static;
	gzip_vary off;
	server {
		listen 127.0.0.1:$nport;
		root $www;$nginx_locations
	}
}
EOF
"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -t >/dev/null 2>&1 || "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -t
"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
for i in $(seq 50); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "${ck[@]}" "http://127.0.0.1:$nport$path")" = 200 ] && break
	[ "$i" -lt 50 ] || die "nginx did not start: $(cat "$tmp/nginx/error.log")"
	sleep 0.1
done

# Both servers must send the same bytes (compressed alike) for the same
# request.
wire() { # url signed
	local h
	mapfile -d '' h < <(headers "$2")
	curl -sS "${h[@]}" -o /dev/null -w '%{size_download}' "$1"
}

# --- runs ----------------------------------------------------------------------

# run_wrk url signed out-file: one wrk run; writes "req/s non-2xx p99-ms
# socket-errors" into out-file, wrk's own output beside it.
run_wrk() {
	local url=$1 signed=$2 out=$3 h
	mapfile -d '' h < <(headers "$signed")
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${h[@]}" "$url" >"$out.txt"
	awk '
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { bad += $NF }
		/Socket errors:/ { gsub(/,/, ""); sock = $4 + $6 + $8 + $10 }
		$1 == "99%" { v = $2; f = 1
			if (v ~ /us$/) f = 0.001; else if (v ~ /ms$/) f = 1; else if (v ~ /m$/) f = 60000; else if (v ~ /s$/) f = 1000
			sub(/[a-z]+$/, "", v); p99 = v * f }
		END { printf "%s %d %.2f %d\n", rps, bad, p99, sock }' "$out.txt" >"$out"
}

# median of the numbers on stdin; of an even count, the lower middle one.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

say "warming up"
for p in "${pages[@]}"; do
	IFS='|' read -r name path signed _ <<<"$p"
	DURATION=2s run_wrk "$direct$path" "$signed" "$tmp/warm-porch-$name"
	DURATION=2s run_wrk "http://127.0.0.1:$nport$path" "$signed" "$tmp/warm-nginx-$name"
done

for r in $(seq "$ROUNDS"); do
	for p in "${pages[@]}"; do
		IFS='|' read -r name path signed _ <<<"$p"
		# Alternate which server goes first, so a slow drift of the
		# machine (other work, thermal) does not favour one of them.
		if [ $((r % 2)) -eq 1 ]; then order="porch nginx"; else order="nginx porch"; fi
		for srv in $order; do
			say "round $r/$ROUNDS: $name on $srv ($DURATION)"
			if [ "$srv" = porch ]; then url="$direct$path"; else url="http://127.0.0.1:$nport$path"; fi
			run_wrk "$url" "$signed" "$tmp/run-$srv-$name-$r"
			read -r _ bad _ sock <"$tmp/run-$srv-$name-$r"
			[ "$bad" -eq 0 ] || die "$srv $path: $bad responses were not 2xx/3xx (KEEP=1 keeps wrk's output)"
			[ "$sock" -eq 0 ] || say "  $srv $path: $sock socket errors"
		done
	done
done

# What each server sends for each page, before the write run below adds
# receipts to the leaseholder's account.
for p in "${pages[@]}"; do
	IFS='|' read -r name path signed _ <<<"$p"
	echo "$(wire "$direct$path" "$signed") / $(wire "http://127.0.0.1:$nport$path" "$signed")" >"$tmp/bytes-$name"
done

# --- writes: a manager's receipts -------------------------------------------

# The manager posts receipts to the leaseholder's unit as the receipt form
# does, WRITERS connections at once, for DURATION each round: every
# answer must be the redirect of a recorded receipt. There is no nginx
# figure for a write; the target is absolute.
if [ "$WRITES" != no ]; then
sign_in "$MANAGER" "$tmp/mjar"
mcookie=$(cookie_header "$tmp/mjar")
unit_id=${unit#/money/units/}
unit_id=${unit_id%/statement}
bank=$(pcurl -b "$tmp/mjar" "$base/admin/ledger/units/$unit_id" |
	awk '/id="receipt-account"/ { on = 1 } on && match($0, /<option value="[a-z0-9]+"/) { print substr($0, RSTART + 15, RLENGTH - 16); exit }')
[ -n "$bank" ] || die "no bank account to receive into on /admin/ledger/units/$unit_id"
receipt_body="account=$bank&date=$(date +%F)&amount=25.00&method=bank+transfer&reference=LOADTEST"
code=$(pcurl -b "$tmp/mjar" "${same[@]}" -o /dev/null -w '%{http_code}' --data "$receipt_body" "$base/admin/ledger/units/$unit_id/receipt")
[ "$code" = 303 ] || die "a receipt post answered $code"
cat >"$tmp/receipt.lua" <<LUA
wrk.method = "POST"
wrk.body = "$receipt_body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Host"] = "$host"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
wrk.headers["Origin"] = "$base"
wrk.headers["Cookie"] = "$mcookie"
LUA
for r in $(seq "$ROUNDS"); do
	say "round $r/$ROUNDS: receipts on porch, $WRITERS connections ($DURATION)"
	wrk -t1 -c"$WRITERS" -d"$DURATION" --latency -s "$tmp/receipt.lua" "$direct/admin/ledger/units/$unit_id/receipt" >"$tmp/receipts-$r.txt"
	awk '/^Requests\/sec:/ { print $2 }' "$tmp/receipts-$r.txt" >"$tmp/receipts-$r"
	bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$tmp/receipts-$r.txt")
	[ "${bad:-0}" -eq 0 ] || die "$bad receipt posts were refused (KEEP=1 keeps wrk's output)"
done
posted=$(pcurl -b "$tmp/mjar" "$base/admin/ledger/units/$unit_id" | grep -c 'LOADTEST' || true)
[ "$posted" -gt 0 ] || die "the receipts posted do not show on the unit's account"
fi

# --- report --------------------------------------------------------------------

fmt_rps() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }

echo
echo "Porch $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?') against nginx serving the same bytes"
echo
echo "- machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(go version | awk '{ print $3 }'); $("$NGINX" -v 2>&1 | sed 's/.*: //'); $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')"
echo "- method: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\`, Porch and nginx alternated, $ROUNDS round(s), median per cell; both on this machine with wrk"
if [ "$compressed" = no ]; then
	echo "- compression: off (Accept-Encoding: ${ACCEPT_ENCODING:-none}; Porch sent the pages uncompressed, so nginx's gzip is off too)"
else
	echo "- compression: on (Accept-Encoding: $ACCEPT_ENCODING; Porch answered Content-Encoding: $compressed; nginx sends Porch's compressed bytes from disk with gzip_static)"
fi
echo
echo "| page | bytes sent (Porch / nginx) | Porch req/s | nginx same bytes req/s | ratio | target | Porch p99 |"
echo "|---|---|---:|---:|---:|---|---:|"
home_p99=
for p in "${pages[@]}"; do
	IFS='|' read -r name path signed target <<<"$p"
	porch=$(for r in $(seq "$ROUNDS"); do awk '{ print $1 }' "$tmp/run-porch-$name-$r"; done | median)
	ngx=$(for r in $(seq "$ROUNDS"); do awk '{ print $1 }' "$tmp/run-nginx-$name-$r"; done | median)
	p99=$(for r in $(seq "$ROUNDS"); do awk '{ print $3 }' "$tmp/run-porch-$name-$r"; done | median)
	[ "$name" != home ] || home_p99=$p99
	ratio=$(awk -v a="$porch" -v b="$ngx" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
	verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t ? "met" : "not met") }')
	bytes=$(cat "$tmp/bytes-$name")
	echo "| $(label "$name") | $bytes | $(fmt_rps "$porch") | $(fmt_rps "$ngx") | ${ratio}× | ≥ ${target}× ($verdict) | ${p99} ms |"
done
echo
# Every round, so a noisy machine shows as spread between rounds.
for p in "${pages[@]}"; do
	IFS='|' read -r name _ <<<"$p"
	line="- $name, req/s by round (Porch / nginx):"
	for r in $(seq "$ROUNDS"); do
		line+=" $(fmt_rps "$(awk '{ print $1 }' "$tmp/run-porch-$name-$r")") / $(fmt_rps "$(awk '{ print $1 }' "$tmp/run-nginx-$name-$r")");"
	done
	echo "${line%;}"
done
echo
[ -z "$home_p99" ] || {
verdict=$(awk -v v="$home_p99" 'BEGIN { print (v <= 15 ? "met" : "not met") }')
echo "p99 latency of the signed-in home under load: ${home_p99} ms (target ≤ 15 ms: $verdict)"
}
[ "$WRITES" = no ] && exit 0
receipts=$(for r in $(seq "$ROUNDS"); do cat "$tmp/receipts-$r"; done | median)
verdict=$(awk -v v="$receipts" 'BEGIN { print (v >= 1000 ? "met" : "not met") }')
echo "manager receipts over HTTP, $WRITERS connections: $(fmt_rps "$receipts") a second (target ≥ 1,000: $verdict); by round:$(for r in $(seq "$ROUNDS"); do printf ' %s' "$(fmt_rps "$(cat "$tmp/receipts-$r")")"; done)"
