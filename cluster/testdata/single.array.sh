#!/bin/sh
# sfbench submit: suite smoke in 1 shards; array task k runs shard k/1 into shard-k.
# Submitting again with the same arguments resumes: finished cells are kept.
#SBATCH --job-name=sfbench-smoke
#SBATCH --array=1-1
#SBATCH --cpus-per-task=1
set -eu
k=$((SLURM_ARRAY_TASK_ID))
exec /usr/local/bin/sfbench run -quiet -j 1 -shard "$k/1" -o /tmp/smoke"/shard-$k" smoke
