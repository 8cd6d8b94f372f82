#!/usr/bin/env bash
# make test-slurm: a one-node Slurm cluster on this machine, started as root
# in a temporary state directory, runs a small suite through
#
#   sfbench submit -engine slurm -shards 3 -wait CONFIG -o DIR
#
# three times: first with shard 2 bound to fail (-wait must exit 1 naming
# it, the merge job cancelled), then the same submit again (only shard 2's
# cells run), then after shard 2's results were cut short as a task killed
# halfway leaves them (only its missing cells run). After each of the last
# two the merged records must equal a local `sfbench run -j 1` of the same suite (timing
# and environment aside: record.Canonical, compared by
# `go run ./internal/tools/slurmtest`).
#
# Installs Debian's slurm-wlm and munge when missing (apt-get; needs root),
# and stops every daemon it started on exit, on failure too. Usage:
#
#   internal/tools/slurmtest/run.sh [SFBENCH_BINARY]   (default bin/sfbench)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=$(realpath "${1:-$root/bin/sfbench}")
suite=$here/suite.yaml
say() { printf 'test-slurm: %s\n' "$*"; }
die() { say "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (slurmctld, slurmd and munged run as root here)"
[ -x "$bin" ] || die "no sfbench binary at $bin (make build)"

# --- packages ---------------------------------------------------------------
need=()
for cmd in slurmctld slurmd sbatch squeue munged mungekey; do
	command -v "$cmd" >/dev/null || need=(slurm-wlm munge)
done
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]} (apt-get)"
	# Keep the packages' init scripts from starting system daemons: this
	# test starts its own and must leave nothing running.
	policy=/usr/sbin/policy-rc.d
	made_policy=
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && made_policy=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	ok=1
	apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || ok=
	[ -n "$made_policy" ] && rm -f "$policy"
	[ -n "$ok" ] || die "apt-get install ${need[*]} failed"
fi

# --- state directory and daemons, stopped on every exit ----------------------
state=$(mktemp -d /tmp/sfbench-slurm.XXXXXX)
pids=()
child=
cleanup() {
	rc=$?
	set +e
	[ -n "$child" ] && kill "$child" 2>/dev/null
	if [ -n "${SLURM_CONF:-}" ] && [ -e "$SLURM_CONF" ] && [ ${#pids[@]} -gt 1 ]; then
		# Jobs first, so that no slurmstepd outlives its slurmd.
		scancel --quiet --full $(squeue -h -o %i 2>/dev/null) 2>/dev/null
		for _ in $(seq 20); do
			[ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
			sleep 0.5
		done
	fi
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		kill "${pids[i]}" 2>/dev/null
	done
	for pid in "${pids[@]}"; do
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	# The jobs' step daemons end with their jobs; give them a moment.
	for _ in $(seq 25); do
		pgrep -x slurmstepd >/dev/null || break
		sleep 0.2
	done
	if [ "$rc" != 0 ]; then
		for log in "$state"/*.log; do
			[ -e "$log" ] && { echo "--- $log (last lines)"; tail -n 15 "$log"; }
		done
		for log in "$state"/out/slurm/*.out; do
			[ -e "$log" ] && { echo "--- $log"; tail -n 15 "$log"; }
		done
	fi
	rm -rf "$state"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free TCP port on the loopback interface (nothing answers there).
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port"
}

mkdir -p "$state/munge" "$state/ctld" "$state/spool"
chmod 700 "$state/munge"
mungekey -c -k "$state/munge/munge.key" >/dev/null
socket=$state/munge/munge.socket.2
munged -F --force --key-file="$state/munge/munge.key" --socket="$socket" \
	--pid-file="$state/munge/munged.pid" --seed-file="$state/munge/munged.seed" \
	--log-file="$state/munged.log" >"$state/munged.stdout" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || die "munged did not start"

node=$(slurmd -C | head -n 1) # NodeName=<host> CPUs=… RealMemory=…
host=$(sed 's/^NodeName=\([^ ]*\).*/\1/' <<<"$node")
cat > "$state/slurm.conf" <<EOF
ClusterName=sfbenchtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$state/slurm.conf

slurmctld -D -i -f "$SLURM_CONF" >"$state/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$state/slurmd.stdout" 2>&1 &
pids+=($!)
up=
for _ in $(seq 100); do
	if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then up=1; break; fi
	sleep 0.2
done
[ -n "$up" ] || die "the node did not come up: $(sinfo 2>&1 | tail -n 2)"
say "one-node cluster up ($node)"

[ "${SLURMTEST_ONLY_CLUSTER:-}" = 1 ] && { say "cluster only: sleeping"; sleep "${SLURMTEST_SLEEP:-60}"; exit 0; }

# --- the suite: on Slurm in 3 shards, and locally with -j 1 ------------------
out=$state/out
# In the background and waited for, so that a signal to this script stops
# it at once (cleanup ends the child too).
submit() {
	"$bin" submit -engine slurm -shards 3 -wait -poll 1s -timeout 5m "$suite" -o "$out" &
	child=$!
	wait "$child"
}
latest_log() { ls -t "$out"/slurm/shard-"$1"-*.out | head -n 1; }
compare() { (cd "$root" && go run ./internal/tools/slurmtest "$state/local/results.jsonl" "$out/results.jsonl"); }

"$bin" run -j 1 -quiet "$suite" -o "$state/local" >/dev/null
cells=$(wc -l <"$state/local/results.jsonl")

# 1. Shard 2 fails (its results file is a folder): -wait exits 1 naming it,
#    and the merge job is cancelled.
mkdir -p "$out/shard-2/results.jsonl"
say "submit with shard 2 bound to fail"
set +e
msg=$(submit 2>&1)
rc=$?
set -e
printf '%s\n' "$msg"
[ "$rc" = 1 ] || die "submit -wait with a failing shard exited $rc, want 1"
grep -q 'merge job [0-9]* CANCELLED; shard 2 FAILED' <<<"$msg" || die "submit -wait did not name the failed shard"
[ ! -e "$out/results.jsonl" ] || die "merged although a shard failed"

# 2. The cause removed, the same submit again: only shard 2's cells run,
#    and the merged records are the local run's.
rmdir "$out/shard-2/results.jsonl"
say "the same submit again"
submit
compare || die "merged Slurm records differ from the local run's"
[ -s "$out/RESULTS.md" ] || die "no RESULTS.md in $out"
n2=$(wc -l <"$out/shard-2/results.jsonl")
grep -q ', 0 ran ' "$(latest_log 1)" || die "shard 1 ran cells again: $(tail -n 3 "$(latest_log 1)")"
grep -q ', 0 ran ' "$(latest_log 3)" || die "shard 3 ran cells again: $(tail -n 3 "$(latest_log 3)")"
grep -q "0 already done, $n2 ran " "$(latest_log 2)" || die "shard 2 did not run its $n2 cells: $(tail -n 3 "$(latest_log 2)")"

# 3. A shard cut short (as a task killed halfway leaves it), the merged
#    results gone: a resubmission runs only its missing cells.
[ "$n2" -ge 2 ] || die "shard 2 has $n2 records; the suite should give it at least 2"
head -n 1 "$out/shard-2/results.jsonl" >"$out/shard-2/results.cut"
mv "$out/shard-2/results.cut" "$out/shard-2/results.jsonl"
rm "$out/results.jsonl"
say "shard 2 cut to 1 of its $n2 records; the same submit again"
submit
compare || die "records after the resubmission differ from the local run's"
grep -q "1 already done, $((n2 - 1)) ran " "$(latest_log 2)" || die "shard 2 did not rerun exactly its $((n2 - 1)) missing cells"
say "ok: $cells cells in 3 Slurm shards merged equal the local -j 1 run; a failed shard was reported (exit 1), and resubmissions reran only unfinished cells"
