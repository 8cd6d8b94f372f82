#!/bin/sh
# sfbench submit: merges the 1 shards of suite smoke into the results folder and writes its report;
# submitted with --dependency=afterok on the array, so it runs once every task succeeded.
#SBATCH --job-name=sfbench-smoke-merge
#SBATCH --cpus-per-task=1
set -eu
out=/tmp/smoke
set --
k=1
while [ "$k" -le 1 ]; do set -- "$@" "$out/shard-$k"; k=$((k + 1)); done
exec /usr/local/bin/sfbench merge -o "$out" "$@"
