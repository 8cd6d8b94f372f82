#!/bin/sh
# sfbench submit: suite paper-convex-v2 in 8 shards; array task k runs shard k/8 into shard-k.
# Submitting again with the same arguments resumes: finished cells are kept.
#SBATCH --job-name=sfbench-paper-convex-v2
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
set -eu
cd '/home/me/a b'
export SFBENCH_DATA='/data/it'\''s'
export SFBENCH_SIMD=off
k=$((SLURM_ARRAY_TASK_ID))
exec '/opt/it'\''s here/sfbench' run -quiet -j 2 -shard "$k/8" -o '/scratch/o'\''ut "q"/$(rm -rf)'"/shard-$k" '/home/me/a b/$HOME `x`.yaml'
