#!/bin/bash
# Exact token counts of a corpus too large for one machine, as a Slurm job array: each array
# task counts one deterministic share (census count --shard auto), writes its result into OUT,
# and a relaunch skips the shares already complete there and resumes a killed one from its
# checkpoint. When every task is done, add them: census merge OUT.
#
#   sbatch --array=0-63 examples/slurm/count-array.sh OUT INPUT... [census count options]
#   census merge OUT
#
# The array must be 0..N-1 (or K..K+N-1): N is SLURM_ARRAY_TASK_COUNT, the share is
# SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN. Every task must see the same inputs (a shared
# file system or URLs) and OUT (a shared directory). CENSUS names the census command
# (default: census on PATH; e.g. CENSUS="node /opt/corpus-census/packages/cli/dist/main.js").
#SBATCH --job-name=census-count
#SBATCH --cpus-per-task=2
#SBATCH --time=24:00:00
#SBATCH --requeue
#SBATCH --output=census-count-%A_%a.out
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: sbatch --array=0-N-1 $0 OUT INPUT... [census count options]" >&2
  exit 2
fi
out="$1"
shift
read -r -a census <<<"${CENSUS:-census}"
echo "census count: array task ${SLURM_ARRAY_TASK_ID:-?} of ${SLURM_ARRAY_TASK_COUNT:-?} on $(hostname)" >&2
exec "${census[@]}" count "$@" --shard auto --out "$out" --workers "${SLURM_CPUS_PER_TASK:-2}"
